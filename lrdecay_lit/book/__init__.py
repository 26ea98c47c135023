"""The book's helpers: what the chapters, the classroom kit and the site use.

The layers of :mod:`lrdecay_lit`, lowest first: the schedules' definitions and object model,
the symbolic layer, code generation, its uses (adapters, widgets, plotting), then this
subpackage, then the Sphinx extension. Nothing below imports from here.

* :mod:`~lrdecay_lit.book.examples`: every example of the two source articles, as data.
* :mod:`~lrdecay_lit.book.tf_reference`: the learning rates real TensorFlow computed.
* :mod:`~lrdecay_lit.book.tables`: tables for the chapters (Markdown and aligned text).
* :mod:`~lrdecay_lit.book.equivalents`: each schedule in Keras, PyTorch and optax.
* :mod:`~lrdecay_lit.book.notation`: equations displayed in the book's notation.
* :mod:`~lrdecay_lit.book.glue`: numbers in the prose, computed by the chapter's code.
* :mod:`~lrdecay_lit.book.exercises`: the exercises' answers and ``check``.
* :mod:`~lrdecay_lit.book.teaching`: the teaching guide's plan.

Importing this package imports none of them.
"""
