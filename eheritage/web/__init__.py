"""HTTP done right for a published OUT: conditional GET, CORS, content negotiation, an
access log, and documents re-based onto the address they are served from. Used by the
WSGI app in `eheritage.oai.app`; nothing here knows about OAI-PMH or IIIF.
"""
