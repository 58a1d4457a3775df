"""OpenFisca-France as an independent oracle for AAH, RSA and prime d'activité.

Run with the interpreter of the OpenFisca venv (never the project's: OpenFisca pins pytest<9):

    .venv-openfisca/bin/python tests/openfisca_oracle.py situations.json > results.json
    .venv-openfisca/bin/python tests/openfisca_oracle.py - < situations.json

Input: a JSON list of situations, each a mapping:
    id                      any JSON value, echoed back
    date                    "AAAA-MM-JJ": the benefits are computed for the month of this date
    salaire_brut            own gross monthly salary (salaire_de_base), the same every month
    nb_enfants              0..n dependent children (born in 2014-2017: older than 3, younger than 20)
    aah                     true: taux_incapacite 0.8 (AAH eligible); false: no disability
    forfait_logement        true: housed free of charge (full forfait logement, like our input
                            aide_logement_ou_loge_gratuitement); false: tenant without housing aid
    conjoint_salaire_brut   optional: a spouse (not disabled) with this gross monthly salary;
                            absent or null: single person
    aide_logement           optional: monthly housing aid received as a tenant (overrides
                            forfait_logement; used to probe the "smaller aid than the forfait" case,
                            and, larger than the forfait, to open the MVA: see below)
    pension_invalidite      optional: monthly invalidity pension (pensions_invalidite), the same every
                            month from January of year N-2 to month M
    chomage_brut            optional: monthly gross unemployment benefit (ARE, chomage_brut, from which
                            OpenFisca deducts CSG and CRDS: chomage_net), the same every month from
                            January of year N-2 to month M
    asi_calculee            optional, true: OpenFisca computes the applicant's ASI (otherwise it is an
                            input set to 0, see below); output field "asi"
    conjoint_pension_invalidite  optional: the spouse's monthly invalidity pension (needs
                            conjoint_salaire_brut, 0 for none), every month from January N-2: the
                            spouse is then eligible to the ASI too (OpenFisca computes it)

  Households (all optional; tests/test_openfisca_crosscheck.py, household families):
    conjoint_pension_invalidite  the spouse's monthly invalidity pension (every month from January N-2)
    conjoint_aah            true: the spouse has taux_incapacite 0.8 (OpenFisca computes the spouse's AAH,
                            returned as conjoint_aah_m1 and, averaged over the reference months, as
                            conjoint_aah_reference, which the test gives to our engine)
    af                      monthly allocations familiales received (input `af`; OpenFisca counts
                            min(af_base, af)); present (even 0): the family benefits are no longer
                            neutralised but given as inputs: af, cf = 0, asf, paje_base (the other PAJE
                            benefits 0)
    asf                     monthly ASF received (input `asf`; OpenFisca counts its forfait)
    paje_base               monthly PAJE allocation de base received (input)
    enfant_moins_3_ans      true: the first child is born 18 months before the month (else children are
                            born in 2014-2017)
    isolement_recent        rsa_isolement_recent; when enfant_moins_3_ans or isolement_recent is present,
                            rsa_majore_eligibilite is computed by OpenFisca instead of being set off
    fenetre                 "legale": departement_experimentation_rsa = true, i.e. the reference months
                            M-4..M-2 of décret 2025-185 (in force since 1 March 2025), which OpenFisca
                            applies only to the départements of the 2024 experiment; absent or
                            "openfisca": OpenFisca's default window M-3..M-1

Output (stdout): a JSON list, in input order, of mappings with id, aah, rsa, ppa (monthly € of the
month), and diagnostics: salaire_net (OpenFisca's net for the gross, month M-1), rsa_forfait_logement,
ppa_forfait_logement, ppa_bonification_m1 (bonus of month M-1), aah_m1 and caah_m1 (AAH and its complement/MVA of month M-1),
caah (the MVA of month M, with its conditions: compare with it, never with `mva`, which OpenFisca
grants to anyone with a housing aid), eligibilite_caah (month M), chomage_net_m1 (net ARE of M-1),
and for households: conjoint_salaire_net_m1, conjoint_aah_m1, conjoint_aah_reference (the spouse's AAH
averaged over the reference months), rsa_majore_eligibilite (month M),
rsa_prestations_familiales and ppa_prestations_familiales (month M, what OpenFisca counted).

Modelling choices (so that OpenFisca sees the situation our engine models):
- The salary is given as salaire_de_base for every month from January of year N-2 to month M
  (the AAH looks back 3 months, or at year N-2 without activity; RSA and PPA look back 3 months and
  neutralise an activity that stops in month M).
- Housing aid is an input, 0 unless "aide_logement" is given, as aide_logement and
  aide_logement_montant (the MVA, hence caah, which the RSA counts, reads the latter; our engine
  asks only whether a forfait logement applies):
  "forfait_logement" uses statut_occupation_logement = loge_gratuitement without participation_frais.
- Family benefits (AF, CF, ASF forfait, PAJE) are neutralised in the RSA and PPA resources
  (rsa_base_ressources_prestations_familiales = ppa_base_ressources_prestations_familiales = 0):
  our engine does not ask for them. The RSA/PPA "parent isolé" increase is set off
  (rsa_majore_eligibilite = false), as our engine does not apply it (it says so in an alert).
- The MVA: OpenFisca pays it (caah = mva * eligibilite_caah) to an AAH beneficiary at 80 % with
  aide_logement_montant > 0, housed independently, with no salaire_imposable in the 12 months before
  the month (our engine: no professional income at all). Give "aide_logement" >= the forfait logement
  so that the full forfait applies, as in our engine.
- The ASI and the ASS are set to 0 (inputs): our engine computes the ASI only when the person says
  she receives it, and has no ASS; OpenFisca would grant the ASI to a low invalidity pension.
  activite is "chomeur" when chomage_brut is given (allocation_retour_emploi needs it; chomage_brut
  itself is an input here).
- One vectorised simulation per month and input mode (family benefits given or neutralised; isolement
  increase computed or set off): a formula variable given as input for some families only would be
  left at its default value for the others.
"""

import json
import sys
from collections import OrderedDict

from openfisca_core.periods import period as make_period
from openfisca_core.simulation_builder import SimulationBuilder
from openfisca_france import FranceTaxBenefitSystem


def month_of(date):
    return date[:7]


def months_between(first, last):
    """Months 'AAAA-MM' from first to last included."""
    year, month = int(first[:4]), int(first[5:7])
    end_year, end_month = int(last[:4]), int(last[5:7])
    out = []
    while (year, month) <= (end_year, end_month):
        out.append(f"{year:04d}-{month:02d}")
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return out


def shift(month, delta):
    year, m = int(month[:4]), int(month[5:7])
    index = year * 12 + (m - 1) + delta
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def build_entities(situations, month):
    first_month = f"{int(month[:4]) - 2}-01"
    salary_months = months_between(first_month, month)
    recent = months_between(shift(month, -6), month)
    individus, familles, foyers, menages = {}, {}, {}, {}
    for index, situation in enumerate(situations):
        key = f"s{index}"
        gross = float(situation["salaire_brut"])
        demandeur = f"{key}_d"
        individus[demandeur] = {
            "date_naissance": {"ETERNITY": "1985-06-15"},
            "salaire_de_base": {m: gross for m in salary_months},
            "taux_incapacite": {m: (0.8 if situation.get("aah") else 0.0) for m in recent},
            "ass": {m: 0.0 for m in recent},
        }
        if not situation.get("asi_calculee"):
            individus[demandeur]["asi"] = {m: 0.0 for m in recent}
        pension = float(situation.get("pension_invalidite") or 0.0)
        if pension:
            individus[demandeur]["pensions_invalidite"] = {m: pension for m in salary_months}
        unemployment = float(situation.get("chomage_brut") or 0.0)
        if unemployment:
            individus[demandeur]["chomage_brut"] = {m: unemployment for m in salary_months}
            individus[demandeur]["activite"] = {m: "chomeur" for m in salary_months}
        parents = [demandeur]
        conjoint_salary = situation.get("conjoint_salaire_brut")
        if conjoint_salary is not None:
            conjoint = f"{key}_c"
            individus[conjoint] = {
                "date_naissance": {"ETERNITY": "1986-03-10"},
                "salaire_de_base": {m: float(conjoint_salary) for m in salary_months},
            }
            spouse_pension = float(situation.get("conjoint_pension_invalidite") or 0.0)
            if spouse_pension:
                individus[conjoint]["pensions_invalidite"] = {m: spouse_pension for m in salary_months}
            individus[conjoint]["taux_incapacite"] = {m: (0.8 if situation.get("conjoint_aah") else 0.0) for m in recent}
            individus[conjoint]["ass"] = {m: 0.0 for m in recent}
            # In the ASI family OpenFisca computes the spouse's ASI too (a spouse with an invalidity
            # pension is a beneficiary); elsewhere it is neutralised like the applicant's.
            if not situation.get("asi_calculee"):
                individus[conjoint]["asi"] = {m: 0.0 for m in recent}
            parents.append(conjoint)
        enfants = []
        for child in range(int(situation.get("nb_enfants", 0))):
            enfant = f"{key}_e{child}"
            born = f"{2014 + child % 4}-0{1 + child % 9}-01"
            if child == 0 and situation.get("enfant_moins_3_ans"):
                born = shift(month, -18) + "-01"
            individus[enfant] = {"date_naissance": {"ETERNITY": born}}
            enfants.append(enfant)
        housing_aid = float(situation.get("aide_logement") or 0.0)
        housed_free = bool(situation.get("forfait_logement")) and not housing_aid
        familles[key] = {
            "parents": parents,
            "enfants": enfants,
            "aide_logement": {m: housing_aid for m in recent},
            "aide_logement_montant": {m: housing_aid for m in recent},
            "rsa_isolement_recent": {m: bool(situation.get("isolement_recent")) for m in recent},
            "departement_experimentation_rsa": {m: situation.get("fenetre") == "legale" for m in recent},
        }
        if "af" in situation:
            familles[key].update({
                "af": {m: float(situation["af"]) for m in recent},
                "cf": {m: 0.0 for m in recent},
                "asf": {m: float(situation.get("asf") or 0.0) for m in recent},
                "paje_base": {m: float(situation.get("paje_base") or 0.0) for m in recent},
                "paje_clca": {m: 0.0 for m in recent},
                "paje_prepare": {m: 0.0 for m in recent},
                "paje_colca": {m: 0.0 for m in recent},
            })
        else:
            familles[key]["rsa_base_ressources_prestations_familiales"] = {m: 0.0 for m in recent}
            familles[key]["ppa_base_ressources_prestations_familiales"] = {m: 0.0 for m in recent}
        if "enfant_moins_3_ans" not in situation and "isolement_recent" not in situation:
            familles[key]["rsa_majore_eligibilite"] = {m: False for m in recent}
        foyers[key] = {"declarants": parents, "personnes_a_charge": enfants}
        menages[key] = {
            "personne_de_reference": [demandeur],
            "enfants": enfants,
            "statut_occupation_logement": {m: ("loge_gratuitement" if housed_free else "locataire_vide") for m in recent},
            "participation_frais": {m: False for m in recent},
            "loyer": {m: (0.0 if housed_free else 500.0) for m in recent},
        }
        if len(parents) == 2:
            menages[key]["conjoint"] = [parents[1]]
    return {"individus": individus, "familles": familles, "foyers_fiscaux": foyers, "menages": menages}


def compute_month(tbs, month, situations):
    simulation = SimulationBuilder().build_from_entities(tbs, build_entities(situations, month))
    previous = shift(month, -1)
    aah = simulation.calculate("aah", month)
    aah_m1 = simulation.calculate("aah", previous)
    net = simulation.calculate("salaire_net", previous)
    rsa = simulation.calculate("rsa", month)
    ppa = simulation.calculate("ppa", month)
    rsa_fl = simulation.calculate("rsa_forfait_logement", month)
    ppa_fl = simulation.calculate("ppa_forfait_logement", previous)
    bonus = simulation.calculate("ppa_bonification", previous)
    caah = simulation.calculate("caah", previous)
    caah_m = simulation.calculate("caah", month)
    eligibilite_caah = simulation.calculate("eligibilite_caah", month)
    chomage_net = simulation.calculate("chomage_net", previous)
    asi = simulation.calculate("asi", month)
    # The spouse's AAH over the reference months (M-4..M-2 with the legal window, else M-3..M-1): OpenFisca's
    # AAH can differ from one month to the next (its quarterly assessment), and the RSA and the prime
    # d'activité average it over those months; our engine takes one monthly amount.
    legal = [s.get("fenetre") == "legale" for s in situations]
    aah_windows = {offset: simulation.calculate("aah", shift(month, offset)) for offset in (-4, -3, -2, -1)}
    majore = simulation.calculate("rsa_majore_eligibilite", month)
    rsa_pf = simulation.calculate("rsa_base_ressources_prestations_familiales", month)
    ppa_pf = simulation.calculate("ppa_base_ressources_prestations_familiales", month)

    # Map the individual arrays back to the applicant of each family (first parent).
    persons = simulation.persons
    ids = persons.ids
    position = {pid: i for i, pid in enumerate(ids)}
    out = []
    for index, situation in enumerate(situations):
        p = position[f"s{index}_d"]
        c = position.get(f"s{index}_c")
        out.append(OrderedDict([
            ("id", situation.get("id")),
            ("aah", round(float(aah[p]), 2)),
            ("rsa", round(float(rsa[index]), 2)),
            ("ppa", round(float(ppa[index]), 2)),
            ("salaire_net", round(float(net[p]), 2)),
            ("aah_m1", round(float(aah_m1[p]), 2)),
            ("rsa_forfait_logement", round(float(rsa_fl[index]), 2)),
            ("ppa_forfait_logement", round(float(ppa_fl[index]), 2)),
            ("ppa_bonification_m1", round(float(bonus[p]), 2)),
            ("caah_m1", round(float(caah[p]), 2)),
            ("caah", round(float(caah_m[p]), 2)),
            ("eligibilite_caah", bool(eligibilite_caah[p])),
            ("chomage_net_m1", round(float(chomage_net[p]), 2)),
            ("asi", round(float(asi[p]), 2)),
            ("conjoint_salaire_net_m1", round(float(net[c]), 2) if c is not None else None),
            ("conjoint_aah_m1", round(float(aah_m1[c]), 2) if c is not None else None),
            ("conjoint_aah_reference", round(sum(float(aah_windows[o][c]) for o in ((-4, -3, -2) if legal[index] else (-3, -2, -1))) / 3, 2)
             if c is not None else None),
            ("rsa_majore_eligibilite", bool(majore[index])),
            ("rsa_prestations_familiales", round(float(rsa_pf[index]), 2)),
            ("ppa_prestations_familiales", round(float(ppa_pf[index]), 2)),
        ]))
    return out


def main(argv):
    source = argv[1] if len(argv) > 1 else "-"
    text = sys.stdin.read() if source == "-" else open(source, encoding="utf-8").read()
    situations = json.loads(text)
    tbs = FranceTaxBenefitSystem()
    by_month = OrderedDict()
    for position, situation in enumerate(situations):
        # Inputs given for some families only would leave the others at the default value instead of
        # computing the formula: families with and without these inputs go to separate simulations.
        mode = ("af" in situation, "enfant_moins_3_ans" in situation or "isolement_recent" in situation)
        by_month.setdefault((month_of(situation["date"]), mode), []).append((position, situation))
    results = [None] * len(situations)
    for (month, _), items in by_month.items():
        make_period(month)  # validates the month
        computed = compute_month(tbs, month, [s for _, s in items])
        for (position, _), result in zip(items, computed):
            results[position] = result
    json.dump(results, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
