"""FORMATS besides CSV: workbooks (.xlsx, .xlsm, .xls, .ods) and JSON/YAML documents.

Each reader hands a sheet's cells, or a document's rows, to the checks every facts file gets
(the header row, layouts, totals and footer rows, merged cells, cells); each is imported on
first use. May import: the modules of ``_facts`` it feeds, and below them.
"""
