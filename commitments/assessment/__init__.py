"""Assessment (考核): the office's scheme per year and the ranking of departments it gives.

- models.py: AssessmentScheme and its items (imported by commitments/models, registered in the app)
- measures.py: what each item counts per lead department, read from the history as of a day
- ranking.py: the scores, their breakdown and the ranking (the selector every surface calls)
- export.py: the ranking as an Excel workbook
"""
