from ninja.security import HttpBearer

from tenderbridge.accounts.services import token_organisation


class OrganisationToken(HttpBearer):
    """`Authorization: Bearer tb_…`: the request acts for the token's organisation."""

    def authenticate(self, request, token: str):
        organisation = token_organisation(token.strip())
        if organisation is None:
            return None
        request.organisation = organisation
        return organisation
