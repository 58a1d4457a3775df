"""The words the engine, the compiler, the pages and the page script share, defined once.

The compiler writes VOCABULARY into the rules bundle (key "vocabulaire"), the simulator page
carries it for its script, and rules/schema/regles.schema.json lists the same statuses and
gravities (tests/test_vocabulary.py keeps them equal). Nothing else lists these words.
"""

# Bundle layout version: the compiler writes it, the engine refuses any other.
BUNDLE_FORMAT = 2

# Status of a right after the payment. "tendance" drives the colour of a result row:
# perte (lost or lowered), risque (uncertain), hausse (raised), stable. "rang": most serious first.
STATUSES = {
    "perdu": {"libelle": "perdu", "tendance": "perte", "rang": 0},
    "suspendu": {"libelle": "suspendu", "tendance": "perte", "rang": 1},
    "réduit": {"libelle": "réduit", "tendance": "perte", "rang": 2},
    "risque": {"libelle": "à risque", "tendance": "risque", "rang": 3},
    "à vérifier": {"libelle": "à vérifier", "tendance": "risque", "rang": 4},
    "augmenté": {"libelle": "augmenté", "tendance": "hausse", "rang": 5},
    "inchangé": {"libelle": "inchangé", "tendance": "stable", "rang": 6},
}
STATUS_UNCHANGED, STATUS_RAISED, STATUS_REDUCED, STATUS_LOST, STATUS_TO_CHECK = (
    "inchangé", "augmenté", "réduit", "perdu", "à vérifier")
TREND_LOSS, TREND_RISK, TREND_RAISE = "perte", "risque", "hausse"
# What a right falling to zero is called when its rule does not say (`si_nul`).
STATUSES_AT_ZERO = ("perdu", "suspendu")

# Gravity of a notification, most serious first. "admonition" is the box type on the guide's pages.
GRAVITIES = {
    "danger": {"libelle": "Risque pour vos droits", "rang": 0, "admonition": "danger"},
    "attention": {"libelle": "Attention", "rang": 1, "admonition": "warning"},
    "info": {"libelle": "Bon à savoir", "rang": 2, "admonition": "info"},
}
GRAVITY_WARNING = "attention"

# How a payment form counts for a right (the `compte` of an effect).
COUNTS = {
    "oui": {"libelle": "compte", "classe": "effet-oui"},
    "non": {"libelle": "ne compte pas", "classe": "effet-non"},
    "a_verifier": {"libelle": "à vérifier", "classe": "effet-verifier"},
}
COUNT_TO_CHECK = "a_verifier"

# Codes of the errors the engine returns ({"champ", "code", "message"}): a page decides on the
# code, never on the wording of the message.
ERROR_CODES = {
    "obligatoire": "réponse obligatoire",
    "invalide": "réponse incorrecte",
    "inconnu": "champ inconnu",
    "date": "date incorrecte ou non couverte",
    "requete": "requête illisible",
    "interne": "erreur interne du moteur",
}

# "Je ne sais pas": absent or null in a situation; this is the value of its button in the form.
DONT_KNOW_FORM_VALUE = "__nsp__"

# Share link: #<situation>=<base64url of the situation's compact JSON>&<date>=<AAAA-MM-JJ>.
SHARE_KEYS = {"situation": "s", "date": "d"}

# Namespaces of the references in a compiled formula (["ref", namespace, ...]), and how an
# editor writes each one in rules/*.yaml. The compiler, the engine and the pages each have one
# handler per namespace; tests/test_vocabulary.py checks that none is missing.
NAMESPACES = {
    "input": "une réponse : son identifiant seul (paiement_montant)",
    "param": "un paramètre daté : p.<dossier>.<fichier> (p.smic.horaire_brut)",
    "step": "une étape du même droit : son nom seul (revenus)",
    "avant": "une étape du même droit sans le paiement : avant.<étape>",
    "droit": "une étape d'un autre droit : droit.<droit>.<étape>",
    "paiement": "le paiement : paiement.forme, paiement.activite, paiement.<période>.<assiette>",
    "date": "la date du calcul : date",
    "local": "dans une assiette de forme : montant, periode et les assiettes au-dessus",
}
# The prefix an editor writes for the namespaces that have one.
PREFIXES = {"p": "param", "avant": "avant", "droit": "droit", "paiement": "paiement"}

VOCABULARY = {
    "statuts": STATUSES,
    "gravites": GRAVITIES,
    "comptes": COUNTS,
    "codes_erreur": ERROR_CODES,
    "je_ne_sais_pas": DONT_KNOW_FORM_VALUE,
    "partage": SHARE_KEYS,
}


def gravity_rank(alert):
    return GRAVITIES[alert["gravite"]]["rang"]


def error(field, code, message=None):
    """An error entry as the engine returns it."""
    return {"champ": field, "code": code, "message": message or ERROR_CODES[code]}
