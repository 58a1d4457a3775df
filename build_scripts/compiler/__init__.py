"""The rules compiler, being split out of build_scripts/compile_rules.py: bundle.py writes the
result, graph.py orders steps and rights."""
