"""Facts that only one kind of page needs, computed from the Guide (build_scripts/guide.py).

Each class is named by its entry of generate_pages.PAGE_KINDS (`facts`) and given to the
templates of that kind of page as `k`.
"""

from build_scripts.wording import one_line
from engine import fr
from engine.share import encode_share
from engine.vocabulary import COUNTS

# Parameter domains (first part of a parameter id) -> title on the parameters page.
DOMAINS = {
    "aah": "Allocation aux adultes handicapés (AAH)", "mva": "Majoration pour la vie autonome (MVA)",
    "asi": "Allocation supplémentaire d'invalidité (ASI)", "are": "Allocation chômage (ARE)",
    "css": "Complémentaire santé solidaire (CSS)", "impot_revenu": "Impôt sur le revenu",
    "micro_entrepreneur": "Micro-entrepreneur", "pension_invalidite": "Pension d'invalidité",
    "prime_activite": "Prime d'activité", "pss": "Plafond de la sécurité sociale (PASS)",
    "retraite": "Retraite", "rsa": "Revenu de solidarité active (RSA)", "salaire": "Salaire et cotisations",
    "smic": "Salaire minimum (SMIC)",
}


class ParameterFacts:
    """The parameters page: parameters grouped by domain."""

    def __init__(self, guide):
        self.guide = guide

    def domains(self):
        """(title, domain, parameter ids) by title."""
        domains = {}
        for pid in sorted(self.guide.params):
            domains.setdefault(pid.split(".")[0], []).append(pid)
        return [(DOMAINS.get(d, d.replace("_", " ").capitalize()), d, pids) for d, pids in sorted(
            domains.items(), key=lambda item: DOMAINS.get(item[0], item[0]).lower())]


class BodyFacts:
    """The pages of the bodies: what they pay or decide, and what to declare to them."""

    def __init__(self, guide):
        self.guide = guide

    def rights(self, bid):
        """(right id, role) of the rights this body pays or decides."""
        out = []
        for rid, right in self.guide.rights.items():
            roles = []
            if right.get("verse_par") == bid:
                roles.append("le verse")
            if right.get("decide_par") == bid:
                roles.append("décide du droit")
            if roles:
                out.append((rid, " et ".join(roles)))
        return out

    def actions(self, bid):
        """Declarations to this body (the `demarches`) found in rights and payment forms."""
        guide = self.guide
        out = []
        for folder, items in (("droits", guide.rights), ("formes", guide.forms)):
            for item_id, item in items.items():
                for action in item.get("demarches", []):
                    if action["organisme"] == bid:
                        label = guide.right_label(item_id) if folder == "droits" else item["nom"]
                        out.append({"page": f"../{folder}/{item_id}.md", "nom": label,
                                    "quoi": guide.text(action["quoi"]), "quand": guide.text(action["quand"])})
        return out

    def checks(self, bid):
        """(form id, right id, count words) of the effects to check with this body."""
        out = []
        for fid, form in self.guide.forms.items():
            for rid, effect in form.get("effets", {}).items():
                if effect.get("organisme") == bid and rid in self.guide.rights:
                    out.append((fid, rid, COUNTS[effect["compte"]]["libelle"]))
        return out


class CaseFacts:
    """The worked cases (cas pratiques): the offer, the answers and the expected figures."""

    def __init__(self, guide):
        self.guide = guide

    @staticmethod
    def euros(value):
        """An amount with two decimals (a loss with the minus sign U+2212)."""
        return fr.euros(value)

    @staticmethod
    def difference(expected):
        if expected["avant"] is None or expected["apres"] is None:
            return "—"
        return fr.signed_euros(round(expected["apres"] - expected["avant"], 2))

    def rights(self, case):
        """(right id, expected figures) in the order of the rights."""
        expected = {rid: a for rid, a in case["attendu"].items() if rid != "gain_mensuel"}
        return [(rid, expected[rid]) for rid in self.guide.rights if rid in expected]

    @staticmethod
    def simulator_link(case, prefix="../../"):
        """The simulator opened on this case (the share fragment of engine/share.py)."""
        return f"{prefix}simulateur/{encode_share(case['situation'], case['date'])}"

    def answer_words(self, qid, value):
        question = self.guide.inputs.get(qid, {})
        if value is None:
            return "je ne sais pas"
        if isinstance(value, bool):
            return "oui" if value else "non"
        for choice in question.get("choix", []):
            if choice["valeur"] == value:
                return one_line(choice["libelle"])
        if isinstance(value, (int, float)):
            money = question.get("type") == "montant"
            unit = question.get("unite_affichee") or ("€" if money else "")
            return (fr.amount(value) if money else fr.number(value)) + (fr.NBSP + unit if unit else "")
        return one_line(value)

    def answers(self, case):
        """(question, answer) in the order of the questions."""
        situation = case["situation"]
        return [(one_line(q["libelle"]), self.answer_words(q["id"], situation[q["id"]]))
                for q in self.guide.inputs.values() if q["id"] in situation]

    def offer(self, case):
        """The payment offered: its form and its amount in words."""
        situation = case["situation"]
        payment = self.guide.bundle["paiement"]
        form_id = situation.get(payment["question_forme"])
        amount, count = situation.get(payment["question_montant"]), situation.get(payment["question_nombre"])
        period = self.answer_words(payment["question_periodicite"],
                                   situation.get(payment["question_periodicite"])).lower()
        if amount is None or count is None:
            text = "—"
        elif count == 1:
            text = f"{self.euros(amount)} {period}"
        else:
            text = f"{fr.number(count)} × {self.euros(amount)} {period} ({self.euros(amount * count)})"
        return {"forme_id": form_id if form_id in self.guide.forms else None, "forme": form_id or "—", "montant": text}


class EditorFacts:
    """The editors' page (contribuer/): what patients' pages leave out — the file of each rule, its
    editor notes, the raw formula of each step and each parameter's verification notes."""

    def __init__(self, guide):
        self.guide = guide

    @staticmethod
    def param_file(pid):
        return "rules/parametres/" + pid.replace(".", "/") + ".yaml"

    def rights(self):
        """(right id, file, right, steps) of every right."""
        return [(rid, f"rules/droits/{rid}.yaml", right, right["etapes"]) for rid, right in self.guide.rights.items()]

    def params(self):
        """(parameter id, file, parameter, [(since, note)] of its values) of every parameter with a note."""
        out = []
        for pid, param in sorted(self.guide.params.items()):
            value_notes = [(v["depuis"], v["note"]) for v in param["valeurs"] if v.get("note")]
            if param.get("note") or value_notes:
                out.append((pid, self.param_file(pid), param, value_notes))
        return out
