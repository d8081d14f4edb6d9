"""One module per step screen: the fields, tables and read-outs of a step, drawn once.

`pages/<step>.py` lays a step out for the full page; the presenter view (`ui/present.py`) calls the
same module's `present(canvas, group)`, so each field is bound to the model in one place.
"""
