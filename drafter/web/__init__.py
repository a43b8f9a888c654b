"""``drafter serve``: a local review web app over the library (nota's, register, figures, draft).

Import ``drafter.web.app.create_app``; this package needs the ``starlette`` and
``uvicorn`` dependencies and is only imported when the app is served.
"""
