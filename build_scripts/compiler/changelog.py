"""The changelog of the rules (rules/nouveautes.yaml): what changed, when, why, with its sources,
rendered as the « Nouveautés » page. Each entry's date is a real day not in the future, and each
file it names exists in rules/; the entries are kept newest first."""

import datetime


def compile_changelog(compilation, today=None):
    rfile = compilation.changelog_file
    if rfile is None:
        return []
    today = (today or datetime.date.today()).isoformat()
    entries = rfile.data["entrees"]
    for index, entry in enumerate(entries):
        if entry["date"] > today:
            compilation.error(rfile, ("entrees", index, "date"),
                              f"date dans le futur ({entry['date']}) : écrivez la date où les règles ont changé")
        for position, name in enumerate(entry["fichiers"]):
            if not (compilation.rules_dir / name).is_file():
                compilation.error(rfile, ("entrees", index, "fichiers", position),
                                  f"fichier inconnu : « {name} » (aucun fichier rules/{name})")
    return sorted(entries, key=lambda entry: entry["date"], reverse=True)
