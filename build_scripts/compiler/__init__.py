"""The rules compiler, split by kind of rule file around a small core.

core.py loads every file, checks it against the schema (French wording in schema_messages.py)
and holds what the passes share: problems, indexes of the files, formula compilation.
names.py turns the names of a formula into references; graph.py orders steps and rights.
One module per kind of rule file compiles it: parameters, questions, payment, forms, rights,
cases, letters (the templates of the letters to each body; actions.py: the démarches of forms and rights).
bundle.py writes the result.
build_scripts/compile_rules.py runs the passes in order and is the only entry point.
"""
