"""The one-line summary a scale or fault proof prints (pytest shows it with a failure,
`pytest -s` always), and puts in its assertion messages, so a failure says what broke."""


def figures(proof: str, **counts: int | float | str) -> str:
    shown = ", ".join(f"{name.replace('_', ' ')} {value}" for name, value in counts.items())
    line = f"{proof}: {shown}"
    print(line)
    return line
