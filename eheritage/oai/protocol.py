"""The OAI-PMH 2.0 protocol: arguments, verbs and the error codes the specification names.

Every request yields a well-formed OAI-PMH document: a bad verb, a repeated argument, an
impossible date or a forged token is an OAI error in an HTTP 200 response, as the
specification requires, never an HTTP 500.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from eheritage.catalog import Catalog, Header, ListQuery, Record, RepositoryInfo
from eheritage.catalog.model import METADATA_PREFIX, SET_SPEC
from eheritage.catalog.xmltext import has_illegal
from eheritage.oai import render
from eheritage.oai.settings import ServeConfig
from eheritage.oai.tokens import BadToken, ListState, TokenCodec

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SECOND = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z")
#: No verb takes more than four arguments besides verb; far more is garbage, refused early.
_MAX_ARGUMENTS = 16


class OAIError(Exception):
    """One protocol error: `code` is one of the specification's error codes."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Verb:
    """A verb's arguments and the function answering it."""

    required: frozenset[str]
    optional: frozenset[str]
    exclusive: str | None
    answer: Callable[[Provider, dict[str, str], int], str]


@dataclass(frozen=True)
class Identity:
    """What Identify says, resolved once from the catalog, the config and the serve flags."""

    repository: RepositoryInfo
    name: str
    base_url: str
    admin_email: str


class Provider:
    """Answers OAI-PMH requests from one catalog."""

    def __init__(self, catalog: Callable[[], Catalog], identity: Identity, config: ServeConfig, tokens: TokenCodec):
        self._catalog = catalog
        self.identity = identity
        self._config = config
        self._tokens = tokens

    def respond(self, pairs: Sequence[tuple[str, str]], now: int) -> str:
        """The response document for a request's (name, value) argument pairs."""
        try:
            verb_name, args = parse_arguments(pairs)
        except OAIError as err:
            # badVerb and badArgument echo no attributes: they may be what is wrong.
            return self._document({}, render.errors([(err.code, err.message)]), now)
        request = {"verb": verb_name, **args}
        try:
            body = VERBS[verb_name].answer(self, args, now)
        except OAIError as err:
            return self._document(request, render.errors([(err.code, err.message)]), now)
        return self._document(request, body, now)

    def _document(self, request: dict[str, str], body: str, now: int) -> str:
        return render.document(response_date=now, base_url=self.identity.base_url, request=request, body=body)

    # -- verbs -------------------------------------------------------------------------

    def identify(self, args: dict[str, str], now: int) -> str:
        repo = self.identity.repository
        return render.identify(
            name=self.identity.name,
            base_url=self.identity.base_url,
            admin_email=self.identity.admin_email,
            earliest=self._catalog().earliest_datestamp(),
            namespace=repo.namespace if repo.namespace_is_oai_identifier else None,
            sample=repo.oai_identifier("example-1"),
        )

    def list_metadata_formats(self, args: dict[str, str], now: int) -> str:
        catalog = self._catalog()
        if "identifier" not in args:
            return render.metadata_formats(catalog.formats())
        formats = catalog.formats_of(self._local(args["identifier"]))
        if formats is None:
            raise OAIError("idDoesNotExist", f"no record has the identifier {args['identifier']}")
        if not formats:
            raise OAIError("noMetadataFormats", f"{args['identifier']} is available in no metadata format")
        return render.metadata_formats(formats)

    def list_sets(self, args: dict[str, str], now: int) -> str:
        if "resumptionToken" in args:
            raise OAIError("badResumptionToken", "ListSets is answered in one response; no token was issued")
        sets = self._catalog().sets()
        if not sets:
            raise OAIError("noSetHierarchy", "this repository does not organise its records in sets")
        return render.sets(sets)

    def get_record(self, args: dict[str, str], now: int) -> str:
        catalog = self._catalog()
        prefix = self._known_prefix(catalog, args["metadataPrefix"])
        local = self._local(args["identifier"])
        found = catalog.get_record(local, prefix)
        if found is None:
            if catalog.formats_of(local) is None:
                raise OAIError("idDoesNotExist", f"no record has the identifier {args['identifier']}")
            raise OAIError("cannotDisseminateFormat", f"{args['identifier']} is not available as {prefix}")
        oai_identifier = self.identity.repository.oai_identifier(found.header.identifier)
        return f"<GetRecord>{render.record(found, oai_identifier)}</GetRecord>"

    def list_identifiers(self, args: dict[str, str], now: int) -> str:
        return self._list("ListIdentifiers", args, now)

    def list_records(self, args: dict[str, str], now: int) -> str:
        return self._list("ListRecords", args, now)

    # -- lists -------------------------------------------------------------------------

    def _list(self, verb: str, args: dict[str, str], now: int) -> str:
        """One page of a list, resumed from the token's keyset position if there is one."""
        catalog = self._catalog()
        if "resumptionToken" in args:
            try:
                state = self._tokens.read(args["resumptionToken"], verb=verb, now=now)
            except BadToken as err:
                raise OAIError("badResumptionToken", str(err)) from None
            query = ListQuery(state.prefix, state.from_, state.until, state.set_spec)
            after: tuple[int, str] | None = (state.after_datestamp, state.after_identifier)
            cursor, total = state.cursor, state.complete_list_size
        else:
            query = self._new_query(catalog, args)
            after, cursor, total = None, 0, -1
        page = catalog.list_page(query, after=after, limit=self._config.page_size + 1, with_xml=verb == "ListRecords")
        more = len(page) > self._config.page_size
        page = page[: self._config.page_size]
        if not page:
            raise OAIError("noRecordsMatch", "no records match the request")
        if total < 0:
            total = len(page) if not more else catalog.count(query)
        items = self._render_items(verb, page)
        token = ""
        if more or cursor > 0:
            token = self._token(verb, query, page[-1].header, cursor, total, now, more)
        return f"<{verb}>{items}{token}</{verb}>"

    def _render_items(self, verb: str, page: list[Record]) -> str:
        oai_id = self.identity.repository.oai_identifier
        if verb == "ListRecords":
            return "".join(render.record(item, oai_id(item.header.identifier)) for item in page)
        return "".join(render.header(item.header, oai_id(item.header.identifier)) for item in page)

    def _token(
        self, verb: str, query: ListQuery, last: Header, cursor: int, total: int, now: int, more: bool
    ) -> str:
        """The next page's token, or the empty one closing a list that took several pages."""
        if not more:
            return render.resumption_token("", cursor=cursor, complete_list_size=total, expires=None)
        expires = now + self._config.token_lifetime
        state = ListState(
            verb, query.prefix, query.from_, query.until, query.set_spec,
            last.datestamp, last.identifier, cursor + self._config.page_size, total, expires,
        )  # fmt: skip
        return render.resumption_token(self._tokens.issue(state), cursor=cursor, complete_list_size=total, expires=expires)

    def _new_query(self, catalog: Catalog, args: dict[str, str]) -> ListQuery:
        prefix = self._known_prefix(catalog, args["metadataPrefix"])
        start = parse_date(args["from"], "from", end_of_day=False)[0] if "from" in args else None
        end = parse_date(args["until"], "until", end_of_day=True)[0] if "until" in args else None
        set_spec = args.get("set")
        if set_spec is not None and not catalog.sets():
            raise OAIError("noSetHierarchy", "this repository does not organise its records in sets")
        return ListQuery(prefix, start, end, set_spec)

    def _known_prefix(self, catalog: Catalog, prefix: str) -> str:
        if prefix not in {fmt.prefix for fmt in catalog.formats()}:
            raise OAIError("cannotDisseminateFormat", f"metadataPrefix {prefix} is not offered by this repository")
        return prefix

    def _local(self, oai_identifier: str) -> str:
        """The catalog identifier behind an OAI identifier ('' matches no record)."""
        return self.identity.repository.local_identifier(oai_identifier) or ""


VERBS: dict[str, Verb] = {
    "Identify": Verb(frozenset(), frozenset(), None, Provider.identify),
    "ListMetadataFormats": Verb(frozenset(), frozenset({"identifier"}), None, Provider.list_metadata_formats),
    "ListSets": Verb(frozenset(), frozenset(), "resumptionToken", Provider.list_sets),
    "GetRecord": Verb(frozenset({"identifier", "metadataPrefix"}), frozenset(), None, Provider.get_record),
    "ListIdentifiers": Verb(
        frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"}), "resumptionToken", Provider.list_identifiers
    ),
    "ListRecords": Verb(
        frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"}), "resumptionToken", Provider.list_records
    ),
}


def parse_arguments(pairs: Sequence[tuple[str, str]]) -> tuple[str, dict[str, str]]:
    """The verb and its arguments, checked against the verb's signature.

    Raises `OAIError` with badVerb or badArgument; after this, every value is safe to echo
    in the response's request element.
    """
    if len(pairs) > _MAX_ARGUMENTS:
        raise OAIError("badArgument", f"a request has at most {_MAX_ARGUMENTS} arguments")
    verbs = [value for name, value in pairs if name == "verb"]
    if len(verbs) != 1 or verbs[0] not in VERBS:
        problem = "is missing" if not verbs else "is repeated" if len(verbs) > 1 else "is not an OAI-PMH verb"
        raise OAIError("badVerb", f"the verb argument {problem}")
    verb = VERBS[verbs[0]]
    args: dict[str, str] = {}
    for name, value in pairs:
        if name == "verb":
            continue
        if has_illegal(name) or has_illegal(value):
            raise OAIError("badArgument", "an argument holds characters that XML cannot carry")
        if name in args:
            raise OAIError("badArgument", f"the argument {name} is repeated")
        if name not in verb.required | verb.optional and name != verb.exclusive:
            raise OAIError("badArgument", f"{verbs[0]} does not take the argument {name}")
        if not value:
            raise OAIError("badArgument", f"the argument {name} is empty")
        args[name] = value
    if verb.exclusive and verb.exclusive in args:
        if len(args) > 1:
            raise OAIError("badArgument", f"{verb.exclusive} must be the only argument besides verb")
        return verbs[0], args
    missing = sorted(verb.required - args.keys())
    if missing:
        raise OAIError("badArgument", f"{verbs[0]} needs the argument {', '.join(missing)}")
    _check_syntax(args)
    return verbs[0], args


def _check_syntax(args: dict[str, str]) -> None:
    """Values whose syntax the schema constrains are checked before they are echoed."""
    if "metadataPrefix" in args and not METADATA_PREFIX.fullmatch(args["metadataPrefix"]):
        raise OAIError("badArgument", "metadataPrefix is not a valid prefix")
    if "set" in args and not SET_SPEC.fullmatch(args["set"]):
        raise OAIError("badArgument", "set is not a valid setSpec")
    start = parse_date(args["from"], "from", end_of_day=False) if "from" in args else None
    end = parse_date(args["until"], "until", end_of_day=True) if "until" in args else None
    if start and end:
        if start[1] != end[1]:
            raise OAIError("badArgument", "from and until must have the same granularity")
        if start[0] > end[0]:
            raise OAIError("badArgument", "from is later than until")


def parse_date(text: str, name: str, *, end_of_day: bool) -> tuple[int, str]:
    """(UTC seconds, granularity) of a from/until value.

    Day granularity is always accepted; an `until` day runs to its last second, since the
    bounds are inclusive. Anything finer than seconds is refused.
    """
    day = _DAY.fullmatch(text)
    second = None if day else _SECOND.fullmatch(text)
    if not (day or second):
        raise OAIError("badArgument", f"{name} must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ")
    parts = [int(p) for p in (day or second).groups()]  # type: ignore[union-attr]
    try:
        moment = datetime(*parts, tzinfo=timezone.utc)
    except ValueError:
        raise OAIError("badArgument", f"{name} is not a real date or time") from None
    seconds = int(moment.timestamp())
    if day and end_of_day:
        seconds += 86399
    return seconds, "day" if day else "second"
