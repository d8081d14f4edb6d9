"""The domain: the canvas model, its figures, classification, checks, editing and words.

Imports no other layer of `canvas` (nor Streamlit): storage, outputs and the app build on it.
"""
