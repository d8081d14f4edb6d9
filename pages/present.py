"""Presenter view: one step at a time, large type, keyboard navigation, for coached sessions."""

from ui.frame import open_or_stop, setup_page
from ui.present import current_step, presenter

setup_page("Presenter view")
open_or_stop()
presenter(current_step())
