"""IDP page (`page.IdpPage`): the plan of one employee, its items and signers, versions, printing
and the unit batch; one module per part."""
