"""Support code shared by the tests and the bench scripts; nothing in here is a test.

- `server`: a real `streamlit run app.py` on a free loopback port with its own store.
- `browser`: finding and launching Chromium, browser contexts that count finished script runs.
- `runs`: waiting on Streamlit's run state in a page (never a fixed sleep).
- `widgets`: typing into text fields and picking segments the way a person does.
- `grid`: cells of `st.data_editor` (a glide data grid drawn on a canvas).
- `apptest`: reading what an AppTest run shows.
- `disks`: a store on a full or read-only disk, simulated or real.
- `fuzz`: the seed every fuzz test uses (env FUZZ_SEED).
"""
