"""Worked cases (cas/*.yaml): their situation answers known questions, their expected figures known rights."""

import re

from build_scripts.compiler.schema_messages import did_you_mean

_CASE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def compile_case(compilation, rfile):
    data = rfile.data
    if not _CASE_NAME.match(rfile.path.stem):
        compilation.error(rfile, (), f"nom de fichier incorrect « {rfile.path.name} » : lettres minuscules, chiffres, - et _")
    for qid in data["situation"]:
        if qid not in compilation.inputs:
            compilation.error(rfile, ("situation", qid), f"question inconnue : « {qid} » (absente de questions.yaml)"
                              + did_you_mean(qid, compilation.inputs), key=True)
    for rid in data["attendu"]:
        if rid != "gain_mensuel" and rid not in compilation.rights:
            compilation.error(rfile, ("attendu", rid), f"droit inconnu : « {rid} » (aucun fichier droits/{rid}.yaml)"
                              + did_you_mean(rid, compilation.rights), key=True)
    return dict(data)
