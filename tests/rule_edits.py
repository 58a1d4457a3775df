"""Editing a copy of rules/ the way an editor would, for the compiler's error tests."""



def mutate(rules_dir, relative, old, new):
    """Replace `old` by `new` in a rule file; return the 1-based line where `new` starts (None if it is empty)."""
    path = rules_dir / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} absent de {relative}"
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text[:text.index(new)].count("\n") + 1 if new else None
