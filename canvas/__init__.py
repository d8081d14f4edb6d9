"""The customer strategy canvas: model, metrics, checks and files. Pure Python, no Streamlit."""
