"""Life-event detection from post text: taxonomy, spaCy cues, MiniLM encoder + trained head, dates.

Kept import-light on purpose (the recommender reads `lifeevents.taxonomy` without loading
spaCy or torch); the classifier is `lifeevents.pipeline.Classifier`.
"""
