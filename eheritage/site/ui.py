"""The words of the site's own pages, in every language it is offered in.

Pages carry all of them; `assets/site.js` shows the visitor's language (chosen with the
switch, remembered, first guessed from the browser), and a page read without JavaScript
shows the default one. Catalogue values keep their own language tags.
"""

from __future__ import annotations

#: The languages of the switch, in its order; the first is the default.
LANGUAGES = ("az", "ru", "en")

TEXT: dict[str, dict[str, str]] = {
    "search": {"az": "Axtarış", "ru": "Поиск", "en": "Search"},
    "search_placeholder": {"az": "Başlıq, müəllif, mövzu…", "ru": "Название, автор, тема…", "en": "Title, creator, subject…"},
    "search_results": {"az": "Axtarış nəticələri", "ru": "Результаты поиска", "en": "Search results"},
    "search_needs_js": {"az": "Axtarış üçün JavaScript lazımdır; qurumların səhifələri onsuz da işləyir.",
                        "ru": "Для поиска нужен JavaScript; страницы учреждений работают и без него.",
                        "en": "Search needs JavaScript; the institutions' pages work without it."},
    "no_results": {"az": "Heç nə tapılmadı.", "ru": "Ничего не найдено.", "en": "Nothing found."},
    "found": {"az": "Tapıldı", "ru": "Найдено", "en": "Found"},
    "home": {"az": "Ana səhifə", "ru": "Главная", "en": "Home"},
    "institutions": {"az": "Qurumlar", "ru": "Учреждения", "en": "Institutions"},
    "collections": {"az": "Kolleksiyalar", "ru": "Коллекции", "en": "Collections"},
    "records": {"az": "qeyd", "ru": "записей", "en": "records"},
    "all_records": {"az": "Bütün qeydlər", "ru": "Все записи", "en": "All records"},
    "page": {"az": "Səhifə", "ru": "Страница", "en": "Page"},
    "of": {"az": "/", "ru": "из", "en": "of"},
    "previous_page": {"az": "Əvvəlki səhifə", "ru": "Предыдущая страница", "en": "Previous page"},
    "next_page": {"az": "Növbəti səhifə", "ru": "Следующая страница", "en": "Next page"},
    "images": {"az": "Təsvirlər", "ru": "Изображения", "en": "Images"},
    "no_images": {"az": "Bu qeydin rəqəmsal təsviri yoxdur.", "ru": "У этой записи нет изображений.",
                  "en": "This record has no digitized images."},
    "viewer_needs_js": {"az": "Yaxınlaşdırma üçün JavaScript lazımdır; təsvirlər aşağıdadır.",
                        "ru": "Для увеличения нужен JavaScript; изображения ниже.",
                        "en": "Zooming needs JavaScript; the images are below."},
    "rights": {"az": "Hüquqlar", "ru": "Права", "en": "Rights"},
    "credit": {"az": "Mənbə", "ru": "Источник", "en": "Credit"},
    "reuse": {"az": "Məlumat və təsvirlər", "ru": "Данные и изображения", "en": "Data and images"},
    "iiif_manifest": {"az": "IIIF manifest", "ru": "Манифест IIIF", "en": "IIIF manifest"},
    "oai_record": {"az": "OAI-PMH qeydi", "ru": "Запись OAI-PMH", "en": "OAI-PMH record"},
    "provider": {"az": "Təqdim edən", "ru": "Предоставлено", "en": "Provided by"},
    "withdrawn": {"az": "Bu qeyd geri götürülüb", "ru": "Эта запись снята с публикации", "en": "This record was withdrawn"},
    "withdrawn_on": {"az": "Geri götürülmə tarixi", "ru": "Дата снятия", "en": "Withdrawn on"},
    "withdrawn_text": {"az": "Qurum bu qeydi artıq dərc etmir.", "ru": "Учреждение больше не публикует эту запись.",
                       "en": "The institution no longer publishes this record."},
    "language": {"az": "Dil", "ru": "Язык", "en": "Language"},
    "iiif_collections": {"az": "IIIF kolleksiyaları", "ru": "Коллекции IIIF", "en": "IIIF collections"},
    "iiif_intro": {"az": "Bu qovluq IIIF Presentation 3 manifestlərini və Image API 3 (level 0) təsvirlərini saxlayır.",
                   "ru": "Здесь манифесты IIIF Presentation 3 и изображения Image API 3 (уровень 0).",
                   "en": "This folder holds IIIF Presentation 3 manifests and Image API 3 (level 0) images."},
    "for_machines": {"az": "Maşınlar üçün", "ru": "Для машин", "en": "For machines"},
    # The e-Culture dashboard (eheritage.harvest.dashboard).
    "dashboard": {"az": "e-Mədəniyyət: proqramın vəziyyəti", "ru": "e-Культура: состояние программы", "en": "e-Culture: where the programme stands"},
    "clusters": {"az": "Klasterlər", "ru": "Кластеры", "en": "Clusters"},
    "sources": {"az": "Mənbələr", "ru": "Источники", "en": "Sources"},
    "source": {"az": "Mənbə", "ru": "Источник", "en": "Source"},
    "cluster": {"az": "Klaster", "ru": "Кластер", "en": "Cluster"},
    "with_images": {"az": "Rəqəmsal təsvirli", "ru": "С цифровыми изображениями", "en": "With digital images"},
    "rights_mix": {"az": "Hüquqlar: açıq, məhdud, qapalı", "ru": "Права: открытые, ограниченные, закрытые", "en": "Rights: open, restricted, closed"},
    "content_tiers": {"az": "Europeana məzmun səviyyəsi (0–4)", "ru": "Уровень контента Europeana (0–4)", "en": "Europeana content tier (0–4)"},
    "metadata_tiers": {"az": "Europeana metaməlumat səviyyəsi (0, A, B, C)", "ru": "Уровень метаданных Europeana (0, A, B, C)", "en": "Europeana metadata tier (0, A, B, C)"},
    "languages_of_records": {"az": "Dillər", "ru": "Языки", "en": "Languages"},
    "last_harvest": {"az": "Son uğurlu toplama", "ru": "Последний успешный сбор", "en": "Last successful harvest"},
    "status": {"az": "Vəziyyət", "ru": "Состояние", "en": "Status"},
    "status_ok": {"az": "işləyir", "ru": "работает", "en": "ok"},
    "status_failed": {"az": "xəta", "ru": "ошибка", "en": "failed"},
    "invalid": {"az": "Yararsız qeydlər", "ru": "Негодные записи", "en": "Invalid records"},
    "never": {"az": "heç vaxt", "ru": "никогда", "en": "never"},
    "problems": {"az": "Xətalar və yararsız qeydlər", "ru": "Ошибки и негодные записи", "en": "Errors and invalid records"},
    "no_problems": {"az": "Xəta yoxdur.", "ru": "Ошибок нет.", "en": "No errors."},
    "refused_by_europeana": {"az": "Europeana qəbul etməz", "ru": "Europeana не примет", "en": "Europeana would refuse"},
    "at_source": {"az": "mənbədə", "ru": "в источнике", "en": "at the source"},
    "not_kept": {"az": "Son toplamada saxlanılmayan qeydlər", "ru": "Записи, не сохранённые при последнем сборе",
                 "en": "Records the last harvest could not keep"},
    "see_problems": {"az": "ətraflı", "ru": "подробнее", "en": "details"},
}


def text(key: str) -> dict[str, str]:
    """One phrase in every language, for the templates' `ui()`."""
    return TEXT[key]
