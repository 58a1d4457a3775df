"""The smallest valid situation, shared by the engine tests: no benefit, a volunteer paid nothing."""

BASE = {
    "paiement_forme": "benevolat_frais_reels",
    "paiement_montant": 0,
    "paiement_nombre": 1,
    "paiement_periodicite": "une_fois",
    "a_autre_activite": False,
    "percoit_pension_invalidite": False,
    "percoit_aah": False,
}


def situation(**answers):
    return {**BASE, **answers}
