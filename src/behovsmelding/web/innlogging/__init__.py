"""Login: OpenID Connect with ID-porten (owners and UH) and Entra ID (Statsforvalteren's staff)
beside the password login, logout at the provider, front-channel logout, re-authentication
before sensitive actions and the password policy (break-glass). See docs/operations.md."""
