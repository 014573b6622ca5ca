"""Exports: the report model and its renderers.

`scope` chooses what an export covers and the names it may print (real or pseudonyms, with
the text masked by `masking`; `review` lists every mask for `qualcode anonymise --review`);
`build` computes the report model (`model`) once from the store and the analysis; the
renderers (`docx` for the Word appendix, `tables` for the workbook and CSV files) only lay the
model out: they never import the store or the analysis (an import-linter contract).
"""
