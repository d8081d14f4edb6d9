"""Streamlit pieces shared by the pages: the frame and stepper, bound widgets, charts, dialogs."""
