"""Country names in Dutch and English for the ISO 3166-1 alpha-2 codes of the cases (the
site's `cb.country`); data kept apart from the interface text of `text.py`."""

from __future__ import annotations

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
