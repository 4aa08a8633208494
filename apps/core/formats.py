"""Indonesian number formats (DOMAIN.md §7): 1.234,5 · Rp 1.234.567 · 57,86%. Pure functions over Decimal."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

DASH = "–"


def _to_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def format_number(value, places: int | None = None) -> str:
    """1234.5 → '1.234,5'; places fixes the decimals (half-up); None keeps those the value has."""
    number = _to_decimal(value)
    if number is None:
        return DASH
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    text = f"{abs(number):f}"
    whole, _, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = ".".join(groups)
    if fraction:
        result += "," + fraction
    return sign + result


def format_rupiah(value) -> str:
    """1234567 → 'Rp 1.234.567' (no decimals)."""
    number = _to_decimal(value)
    if number is None:
        return DASH
    return "Rp " + format_number(number, 0)


def format_percent(value, places: int = 2) -> str:
    """57.856 → '57,86%'."""
    number = _to_decimal(value)
    if number is None:
        return DASH
    return format_number(number, places) + "%"


def parse_number(text) -> Decimal:
    """'1.234,5' → Decimal('1234.5'). Raises ValueError on anything else."""
    if isinstance(text, (int, Decimal)):
        return Decimal(text)
    if isinstance(text, float):
        return Decimal(str(text))
    cleaned = str(text).strip().replace(" ", "")
    if not cleaned:
        raise ValueError("empty")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif cleaned.count(".") > 1 or (cleaned.count(".") == 1 and len(cleaned.split(".")[1]) == 3):
        cleaned = cleaned.replace(".", "")  # 1.234 or 1.234.567 are thousands
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
