"""The site's interface text in Dutch and English, and country names.

Dutch is the default; every string has an English twin. Templates reach these through
`cb.t("key")` (see site_context). Case content itself comes from the database, not from here.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "site_name": ("casebase", "casebase"),
    "tagline": (
        "Open kennisbank van innovatieve overheidsinkoop: echte cases, met bronnen.",
        "Open knowledge base of innovative public procurement: real cases, with sources.",
    ),
    "skip": ("Naar de inhoud", "Skip to content"),
    "nav_label": ("Hoofdmenu", "Main menu"),
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
    "results": ("resultaten", "results"),
    "result": ("resultaat", "result"),
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
    "previous": ("Vorige", "Previous"),
    "next": ("Volgende", "Next"),
    "page": ("Pagina", "Page"),
    "pagination": ("Paginering", "Pagination"),
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
    "lessons_count": ("lessen", "lessons"),
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
    "collections_intro": (
        "Leeslijsten voor de masterclass: cases die samen een verhaal vertellen.",
        "Reading lists for the masterclass: cases that tell a story together.",
    ),
    "footer_data": ("Voor wie verder wil", "For power users"),
    "footer_table": ("Tabel van alle cases", "Table of all cases"),
    "footer_sql": ("SQL-query's", "SQL queries"),
    "footer_json": ("Alle cases als JSON", "All cases as JSON"),
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

# ISO 3166-1 alpha-2 -> (Dutch, English). Unknown codes are shown as the code itself.
COUNTRIES: dict[str, tuple[str, str]] = {
    "NL": ("Nederland", "Netherlands"),
    "BE": ("België", "Belgium"),
    "DE": ("Duitsland", "Germany"),
    "FR": ("Frankrijk", "France"),
    "LU": ("Luxemburg", "Luxembourg"),
    "GB": ("Verenigd Koninkrijk", "United Kingdom"),
    "IE": ("Ierland", "Ireland"),
    "DK": ("Denemarken", "Denmark"),
    "SE": ("Zweden", "Sweden"),
    "NO": ("Noorwegen", "Norway"),
    "FI": ("Finland", "Finland"),
    "EE": ("Estland", "Estonia"),
    "LV": ("Letland", "Latvia"),
    "LT": ("Litouwen", "Lithuania"),
    "PL": ("Polen", "Poland"),
    "CZ": ("Tsjechië", "Czechia"),
    "AT": ("Oostenrijk", "Austria"),
    "CH": ("Zwitserland", "Switzerland"),
    "IT": ("Italië", "Italy"),
    "ES": ("Spanje", "Spain"),
    "PT": ("Portugal", "Portugal"),
    "GR": ("Griekenland", "Greece"),
    "HU": ("Hongarije", "Hungary"),
    "SI": ("Slovenië", "Slovenia"),
    "HR": ("Kroatië", "Croatia"),
    "SK": ("Slowakije", "Slovakia"),
    "RO": ("Roemenië", "Romania"),
    "BG": ("Bulgarije", "Bulgaria"),
    "CY": ("Cyprus", "Cyprus"),
    "MT": ("Malta", "Malta"),
    "IS": ("IJsland", "Iceland"),
    "US": ("Verenigde Staten", "United States"),
    "CA": ("Canada", "Canada"),
    "AU": ("Australië", "Australia"),
    "NZ": ("Nieuw-Zeeland", "New Zealand"),
    "EU": ("Europese Unie", "European Union"),
}

MONTHS = {
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "en": "January February March April May June July August September October November December",
}


def t(key: str, lang: str = "nl") -> str:
    nl, en = STRINGS[key]
    return en if lang == "en" else nl


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
