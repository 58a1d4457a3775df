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


# A partner's resources have no safe "je ne sais pas" (questions.yaml requires them): the engine
# tests that say en_couple and nothing else about the partner mean a partner without resources.
PARTNER_WITHOUT_RESOURCES = {"conjoint_revenus_activite_net": 0, "conjoint_ressources_mensuelles": 0,
                             "conjoint_aah_mensuelle": 0}


def run(rules, date, base=None, **answers):
    """Simulate `base` (BASE by default) with these answers at `date`."""
    from engine import simulate

    partner = PARTNER_WITHOUT_RESOURCES if answers.get("en_couple") else {}
    return simulate(rules, {**(BASE if base is None else base), **partner, **answers}, date)
