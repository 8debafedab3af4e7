"""The consumer genome store: MongoDB documents, validators, repositories, consent, audit.

Modules: `schema` (collections, validators, indexes), `genomes`, `consents` and
`revocation` (the cascade), `audit`, `products`, `purchases`, `export`, `erasure`,
`migrations`, `transactions`, `lookups`, `checks` (input rules), `database` and `embedded`
(opening the store). Other packages' repositories (`posts`, `life_events`,
`interactions`) live beside them.
"""
