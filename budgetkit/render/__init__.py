"""Rendering: one HTML report per document (papermill executes the notebook, nbconvert turns
it into a self-contained page) and a static site with an index page.

``render(inputs, out)`` is the whole batch; the modules below are its steps:

* :mod:`.discover` finds the documents under the inputs;
* :mod:`.names` gives each a stable, safe file name;
* :mod:`.execute` runs the parameterised notebook with papermill;
* :mod:`.export` converts an executed notebook into offline HTML;
* :mod:`.site` writes ``index.html``;
* :mod:`.lock` keeps a second render out of an output folder while one writes there;
* :mod:`.batch` runs it all in parallel with a progress bar.
"""

from .batch import RenderResult, render
from .execute import NOTEBOOKS
from .lock import OutputBusy

__all__ = ["render", "RenderResult", "NOTEBOOKS", "OutputBusy"]
