"""gunicorn's settings for TenderBridge, read from the working directory (docs/deploy.md): the command line
gives the rest (workers, bind, --preload)."""


def post_worker_init(worker):
    # Each forked worker warms itself before serving (tenderbridge/wsgi.py: warm_worker).
    from tenderbridge.wsgi import warm_worker

    warm_worker()
