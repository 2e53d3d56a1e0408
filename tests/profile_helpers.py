"""A sample profile for the tests (made-up person; the bank account passes the BIK control key)."""

SAMPLE = {
    "citizenship": "CN",
    "phone": "+7 912 345-67-89",
    "contract": "77-123456",
    "address": "Москва, ул. Тверская, д. 7, кв. 12",
    "name": {"latin": "WANG XIAOMING", "cyrillic": "Ван Сяомин"},
    "passport": {"number": "E98765432", "issued": "2021-03-15", "issuer": "Ministry of Public Security of the PRC"},
    "refund": {
        "method": "bank_account",
        "bik": "044525225",
        "account": "40817810938160925982",
        "recipient": "WANG XIAOMING",
    },
}

# Pieces of the profile that must never leave the machine or show up in a message.
SECRETS = ("WANG", "XIAOMING", "Сяомин", "E98765432", "912", "345-67", "40817810938160925982", "77-123456", "Тверская")


def toml_text(profile: dict) -> str:
    import json

    lines = []
    tables = {key: value for key, value in profile.items() if isinstance(value, dict)}
    for key, value in profile.items():
        if not isinstance(value, dict):
            lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    for table, values in tables.items():
        lines.append(f"[{table}]")
        for key, value in values.items():
            lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def write(path, profile=None):
    path.write_text(toml_text(SAMPLE if profile is None else profile), encoding="utf-8")
    return path
