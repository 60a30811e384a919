"""The site's interface text in Dutch and English, and how dates, amounts and country names
(`countries.py`) read in each.

Dutch is the default; every string has an English twin. Templates reach these through
`cb.t("key")` (see site_context). Case content itself comes from the database, not from here.
"""

from __future__ import annotations

from .countries import COUNTRIES

STRINGS: dict[str, tuple[str, str]] = {
    "site_name": ("casebase", "casebase"),
    "tagline": (
        "Open kennisbank van innovatieve overheidsinkoop: echte cases, met bronnen.",
        "Open knowledge base of innovative public procurement: real cases, with sources.",
    ),
    "wordmark_sub": ("kennisbank innovatief inkopen", "innovation procurement cases"),
    # The home page's explanation. Wording from the README's description and the glossary
    # (vocabularies.yml); the perspectives' definitions are shown from the glossary itself.
    "home_what": (
        "casebase verzamelt echte cases van overheden die iets nieuws inkochten: welke "
        "instrumenten en samenwerkingsvormen voor innovatiegericht inkopen ze gebruikten, wat "
        "eruit kwam en welke lessen ze trokken. Elk kernfeit en elke les citeert letterlijk een "
        "openbare bron.",
        "casebase collects real cases of public bodies that bought something new: which "
        "innovation-procurement instruments and ways of collaborating they used, what came of "
        "it and which lessons they drew. Every key fact and every lesson quotes a public source.",
    ),
    "home_who": (
        "Voor opdrachtgevers bij de overheid, voor bedrijven die inschrijven of leveren, en voor "
        "kennisinstellingen. De kennisbank begon als gedeeld naslagwerk voor een masterclass van "
        "bestuurders uit overheid, IT-bedrijven en wetenschap.",
        "For buyers in government, for companies that tender or supply, and for knowledge "
        "institutions. The knowledge base started as a shared reference for a masterclass of "
        "directors from government, IT companies and science.",
    ),
    "ways_in": ("Drie manieren om te beginnen", "Three ways in"),
    "way_search": ("Zoeken", "Search"),
    "way_search_text": (
        "Zoek op een woord, zoals een opgave, een instrument of een organisatie.",
        "Search for a word, such as a challenge, an instrument or an organisation.",
    ),
    "way_browse": ("Bladeren", "Browse"),
    "way_browse_text": (
        "Kies een maatschappelijke opgave of een instrument en zie alle cases die erbij horen.",
        "Pick a societal challenge or an instrument and see every case that belongs to it.",
    ),
    "way_start": ("Begin hier", "Start here"),
    "way_start_text": (
        "Voor de masterclass: de leeslijsten in volgorde, en de lessen per perspectief.",
        "For the masterclass: the reading lists in order, and the lessons by perspective.",
    ),
    "start_title": ("Begin hier: de masterclass", "Start here: the masterclass"),
    "start_intro": (
        "Lees de collecties in deze volgorde. Elke collectie is ook als dossier te printen.",
        "Read the collections in this order. Each collection can also be printed as a dossier.",
    ),
    "start_perspectives": ("Lessen per perspectief", "Lessons by perspective"),
    "glossary_link": ("Alle begrippen met hun definitie", "Every term with its definition"),
    "skip": ("Naar de inhoud", "Skip to content"),
    "nav_label": ("Hoofdmenu", "Main menu"),
    "breadcrumbs": ("Kruimelpad", "Breadcrumbs"),
    "home": ("Home", "Home"),
    "search": ("Zoeken", "Search"),
    "lessons": ("Lessen", "Lessons"),
    "glossary": ("Begrippen", "Glossary"),
    "collections": ("Collecties", "Collections"),
    "switch_to": ("English", "Nederlands"),
    "switch_label": ("Read this page in English", "Lees deze pagina in het Nederlands"),
    "search_label": ("Zoek in de cases", "Search the cases"),
    "search_placeholder": (
        "bijv. woningbouw, marktconsultatie",
        "e.g. housing, market consultation",
    ),
    "search_button": ("Zoeken", "Search"),
    "by_challenge": ("Op opgave", "By challenge"),
    "by_instrument": ("Op instrument", "By instrument"),
    "recent": ("Recent bijgewerkt of gecontroleerd", "Recently updated or reviewed"),
    "chart_title": ("Cases in cijfers", "Cases in numbers"),
    "chart_years": ("Cases per startjaar", "Cases per start year"),
    "chart_instruments": ("Cases per instrument", "Cases per instrument"),
    "chart_table": ("De cijfers als tabel", "The figures as a table"),
    "year": ("Jaar", "Year"),
    "cases": ("cases", "cases"),
    "case": ("case", "case"),
    "count": ("Aantal", "Count"),
    "all_cases": ("Alle cases", "All cases"),
    "filters": ("Filters", "Filters"),
    "active_filters": ("Gekozen filters", "Selected filters"),
    "remove_filter": ("filter verwijderen", "remove filter"),
    "remove_all": ("Alle filters wissen", "Clear all filters"),
    "selected": ("gekozen", "selected"),
    "no_results": ("Geen cases gevonden.", "No cases found."),
    "no_results_hint": (
        "Probeer een filter weg te halen of een ander woord:",
        "Try removing a filter or using another word:",
    ),
    "search_without_filters": ("Zoek zonder filters", "Search without filters"),
    "search_all": ("Toon alle cases", "Show all cases"),
    "first": ("Eerste", "First"),
    "did_you_mean": ("Bedoelt u", "Did you mean"),
    "did_you_mean_shown": (
        "Hieronder de resultaten daarvoor.",
        "The results below are for that.",
    ),
    "partial_none": (
        "Geen cases met alle woorden; dit zijn de beste gedeeltelijke treffers.",
        "No cases contain all the words; these are the best partial matches.",
    ),
    "partial_some": (
        "cases met alle woorden, daarna de beste gedeeltelijke treffers.",
        "cases contain all the words, followed by the best partial matches.",
    ),
    "filter_on": ("Filter op", "Filter on"),
    "without": ("Zonder", "Without"),
    "previous": ("Vorige", "Previous"),
    "next": ("Volgende", "Next"),
    "last": ("Laatste", "Last"),
    "page": ("Pagina", "Page"),
    "of": ("van", "of"),
    "active": ("actief", "active"),
    "pagination": ("Paginering", "Pagination"),
    "sort_label": ("Sorteer op", "Sort by"),
    "sort_button": ("Sorteren", "Sort"),
    "sort_relevance": ("relevantie", "relevance"),
    "sort_newest": ("nieuwste start eerst", "newest start first"),
    "sort_oldest": ("oudste start eerst", "oldest start first"),
    "sort_reviewed": ("recent gecontroleerd", "recently reviewed"),
    "export_label": ("Deze selectie", "This selection"),
    "export_excel": ("CSV voor Excel", "CSV for Excel"),
    "export_json": ("JSON", "JSON"),
    "follow_search": ("Volg deze zoekopdracht", "Follow this search"),
    "feed_title_search": ("casebase: zoekopdracht", "casebase: search"),
    "sorted_relevance": ("gesorteerd op relevantie", "sorted by relevance"),
    "sorted_year": ("nieuwste eerst", "newest first"),
    "facet_instrument": ("Instrument", "Instrument"),
    "facet_challenge": ("Opgave", "Challenge"),
    "facet_buyer_type": ("Soort opdrachtgever", "Buyer type"),
    "facet_government_level": ("Bestuurslaag", "Government level"),
    "facet_country": ("Land", "Country"),
    "facet_status": ("Status", "Status"),
    "facet_outcome": ("Uitkomst", "Outcome"),
    "facet_procedure": ("Procedure", "Procedure"),
    "facet_year": ("Startjaar", "Start year"),
    "facet_perspective": ("Perspectief", "Perspective"),
    "facet_years": ("Periode", "Period"),
    "years_from": ("Vanaf jaar", "From year"),
    "years_to": ("Tot en met jaar", "Up to and including year"),
    "years_from_short": ("vanaf", "from"),
    "years_to_short": ("t/m", "up to"),
    "years_hint": (
        "Cases die in deze jaren liepen: gestart in of vóór het tweede jaar en niet beëindigd "
        "vóór het eerste. Zonder bekend startjaar telt het jaar van de eerste gedateerde stap.",
        "Cases that ran in these years: started in or before the second year and not ended "
        "before the first. Without a known start year, the year of the first dated step counts.",
    ),
    "year_invalid": (
        "Geen jaartal: vul vier cijfers in, van {min} tot en met {max}, zoals 2018. Dit veld is "
        "niet toegepast.",
        "Not a year: enter four digits from {min} to {max}, such as 2018. This field was not "
        "applied.",
    ),
    "year_order": (
        "Het jaar ‘vanaf’ ligt na het jaar ‘tot en met’. De periode is niet toegepast.",
        "The ‘from’ year is after the ‘up to’ year. The period was not applied.",
    ),
    "error": ("Fout", "Error"),
    "facet_all": ("alle", "all"),
    "key_facts": ("Kerngegevens", "Key facts"),
    "buyers": ("Opdrachtgevers", "Buyers"),
    "participants": ("Betrokken partijen", "Participants"),
    "instruments": ("Instrumenten", "Instruments"),
    "techniques": ("Inkooptechnieken", "Procurement techniques"),
    "procedure": ("Procedure", "Procedure"),
    "legal_basis": ("Juridische basis", "Legal basis"),
    "challenges": ("Opgaven", "Challenges"),
    "years": ("Jaren", "Years"),
    "status": ("Status", "Status"),
    "outcome": ("Uitkomst", "Outcome"),
    "value": ("Bedrag", "Value"),
    "place": ("Plaats", "Place"),
    "country": ("Land", "Country"),
    "confidence": ("Betrouwbaarheid", "Confidence"),
    "description": ("Beschrijving", "Description"),
    "summary": ("Samenvatting", "Summary"),
    "sources": ("Bronnen", "Sources"),
    "identifiers": ("Officiële kenmerken", "Official identifiers"),
    "related": ("Verwante cases", "Related cases"),
    "similar": ("Vergelijkbare cases", "Similar cases"),
    "similar_hint": (
        "Gevonden op betekenis van titel en samenvatting (Nederlands en Engels), door een taalmodel; "
        "niet door een redacteur gekozen.",
        "Found by the meaning of title and summary (Dutch and English), by a language model; "
        "not chosen by an editor.",
    ),
    "by_meaning": ("verwant in betekenis", "related in meaning"),
    "by_meaning_title": (
        "Weinig of geen cases bevatten deze woorden. Verwant in betekenis:",
        "Few or no cases contain these words. Related in meaning:",
    ),
    "in_collections": ("In collecties", "In collections"),
    "review": ("Controle en geschiedenis", "Review and history"),
    "last_reviewed": ("Laatst gecontroleerd", "Last reviewed"),
    "created": ("Toegevoegd", "Added"),
    "updated": ("Laatst gewijzigd", "Last changed"),
    "edit_case": ("Deze case bewerken", "Edit this case"),
    "edit_hint": (
        "Klopt er iets niet? Stel een wijziging voor in de repository.",
        "Something wrong? Propose a change in the repository.",
    ),
    "json_links": ("Als data", "As data"),
    "json_case": ("Case als JSON (API)", "Case as JSON (API)"),
    "source": ("Bron", "Source"),
    "quote_from": ("Citaat uit bron", "Quote from source"),
    "same_quote": ("(hetzelfde citaat als hierboven)", "(the same quote as above)"),
    "timeline": ("Tijdlijn", "Timeline"),
    "first_documented": ("eerste gedocumenteerde stap", "first documented step"),
    "stale": (
        "Te controleren: deze lopende case is langer dan een jaar niet nagekeken; de stand van "
        "zaken kan veranderd zijn.",
        "To be re-checked: this running case has not been checked for over a year; things may "
        "have changed.",
    ),
    "fallback_note_en": (
        "Alleen in het Engels beschikbaar.",
        "Only available in English.",
    ),
    "fallback_note_nl": (
        "Alleen in het Nederlands beschikbaar.",
        "Only available in Dutch.",
    ),
    "review_note": ("Let op", "Note"),
    "lessons_intro": (
        "Wat leerden opdrachtgevers, leveranciers en kennisinstellingen? Alle lessen uit de cases, met een link naar de case.",
        "What did buyers, suppliers and knowledge institutions learn? All lessons from the cases, each linking to its case.",
    ),
    "filter_button": ("Filter toepassen", "Apply filter"),
    "no_lessons": (
        "Geen lessen gevonden met deze filters.",
        "No lessons found with these filters.",
    ),
    "lesson_from": ("Uit", "From"),
    "glossary_intro": (
        "Eén woordenlijst voor overheid, IT-sector en wetenschap: instrumenten, procedures en maatschappelijke opgaven, met definities in het Nederlands en Engels.",
        "One vocabulary for government, the IT sector and science: instruments, procedures and societal challenges, with definitions in Dutch and English.",
    ),
    "vocab_instrument": ("Instrumenten", "Instruments"),
    "vocab_procedure": ("Procedures", "Procedures"),
    "vocab_challenge": ("Maatschappelijke opgaven", "Societal challenges"),
    "definition": ("Definitie", "Definition"),
    "other_language": ("In het Engels", "In Dutch"),
    "cases_with_term": ("Cases met dit begrip", "Cases with this term"),
    "no_cases_yet": ("Nog geen cases.", "No cases yet."),
    "search_with_term": ("Zoek en filter deze cases", "Search and filter these cases"),
    "feed": ("Atom-feed", "Atom feed"),
    "feed_title_all": ("casebase: nieuwe en bijgewerkte cases", "casebase: new and updated cases"),
    "group": ("Fase", "Stage"),
    "group_preparation": ("Voorbereiding", "Preparation"),
    "group_development": ("Ontwikkeling", "Development"),
    "group_award": ("Gunning", "Award"),
    "group_collaboration": ("Samenwerking", "Collaboration"),
    "group_contract": ("Contract", "Contract"),
    "group_other": ("Overig", "Other"),
    "canonical": ("Online", "Online"),
    "sdg": ("Duurzame-ontwikkelingsdoelen (SDG)", "Sustainable Development Goals (SDG)"),
    "collection_cases": (
        "Cases in deze collectie, in leesvolgorde",
        "Cases in this collection, in reading order",
    ),
    "dossier": ("Dossier", "Dossier"),
    "dossier_link": (
        "Dossier: alle cases volledig op één pagina, om te printen",
        "Dossier: every case in full on one page, for printing",
    ),
    "dossier_intro": (
        "Alle cases van deze collectie volledig, in leesvolgorde: kerngegevens met bronnen, "
        "beschrijving, tijdlijn, lessen per perspectief en bronnen. Bij het printen begint elke "
        "case op een nieuwe pagina.",
        "Every case of this collection in full, in reading order: key facts with sources, "
        "description, timeline, lessons by perspective and sources. In print each case starts "
        "on a new page.",
    ),
    "dossier_contents": ("Inhoud", "Contents"),
    "collections_intro": (
        "Leeslijsten voor de masterclass: cases die samen een verhaal vertellen.",
        "Reading lists for the masterclass: cases that tell a story together.",
    ),
    "footer_data": ("Open data", "Open data"),
    "power_title": ("Voor gevorderden: de tabellen zelf", "For power users: the tables themselves"),
    "power_intro": (
        "Wie zelf tabellen wil doorbladeren of SQL wil schrijven, kan dat in Datasette, het "
        "programma achter casebase. Dat zijn Datasettes eigen pagina's: in het Engels, zonder "
        "onze uitleg, en hun JSON kan per versie van vorm veranderen. Voor software is de API "
        "hierboven de stabiele weg.",
        "If you want to browse the tables yourself or write SQL, you can in Datasette, the "
        "software behind casebase. These are Datasette's own pages: in English, without our "
        "explanations, and their JSON may change shape between versions. For software, the API "
        "above is the stable route.",
    ),
    "power_table": ("Tabel van alle cases", "Table of all cases"),
    "power_sql": ("Alle tabellen en een SQL-query", "All tables and an SQL query"),
    "power_english": ("Datasette, Engelstalig", "Datasette, in English"),
    "power_json": ("Alle cases als Datasette-JSON", "All cases as Datasette JSON"),
    "footer_api": ("API voor hergebruikers", "API for reusers"),
    "footer_licence": ("Cases: CC BY 4.0 · code: EUPL-1.2", "Cases: CC BY 4.0 · code: EUPL-1.2"),
    "footer_powered": ("Gemaakt met Datasette", "Built with Datasette"),
    "not_found": ("Niet gevonden", "Not found"),
    "not_found_case": ("Deze case bestaat niet (meer).", "This case does not exist (any more)."),
    "not_found_page": ("Deze pagina bestaat niet.", "This page does not exist."),
    "bad_request": ("Ongeldige zoekopdracht", "Invalid request"),
    "unknown_filter_value": (
        "Onbekende waarde voor een filter; het filter is genegeerd.",
        "Unknown filter value; the filter was ignored.",
    ),
    "more": ("meer", "more"),
    "read_case": ("Lees de case", "Read the case"),
    "in_english_label": ("Engelse titel", "Dutch title"),
}

# Counted nouns: key -> ((Dutch singular, plural), (English singular, plural)).
PLURALS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "case": (("case", "cases"), ("case", "cases")),
    "result": (("resultaat", "resultaten"), ("result", "results")),
    "lesson": (("les", "lessen"), ("lesson", "lessons")),
}

MONTHS = {
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "en": "January February March April May June July August September October November December",
}


def t(key: str, lang: str = "nl") -> str:
    nl, en = STRINGS[key]
    return en if lang == "en" else nl


def noun(count: int, key: str, lang: str = "nl") -> str:
    """The noun for `count` things: 'resultaat' for 1, 'resultaten' for 0 or 63."""
    one, many = PLURALS[key][1 if lang == "en" else 0]
    return one if count == 1 else many


def n(count: int, key: str, lang: str = "nl") -> str:
    """'1 resultaat', '63 resultaten'; '1 case', '2 cases'."""
    return f"{count} {noun(count, key, lang)}"


def country(code: str | None, lang: str = "nl") -> str:
    if not code:
        return ""
    names = COUNTRIES.get(code)
    return (names[1] if lang == "en" else names[0]) if names else code


def date(iso: str | None, lang: str = "nl") -> str:
    """'2026-11-01' -> '1 november 2026' / '1 November 2026'; partial dates are kept short."""
    if not iso:
        return ""
    parts = iso.split("-")
    try:
        if len(parts) == 3:
            month = MONTHS[lang].split()[int(parts[1]) - 1]
            return f"{int(parts[2])} {month} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS[lang].split()[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return iso


def money(amount: float | None, lang: str = "nl") -> str:
    if amount is None:
        return ""
    whole = f"{round(amount):,}"
    return "€ " + whole.replace(",", ".") if lang == "nl" else "€" + whole
