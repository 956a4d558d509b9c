from ninja import Schema


class ErrorBody(Schema):
    code: str
    message: str
    details: dict


class ErrorOut(Schema):
    """The shape of every error response."""

    error: ErrorBody


ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
