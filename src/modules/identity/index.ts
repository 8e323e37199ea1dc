export { apiTokenMiddleware, createApiToken, listApiTokens, revokeApiToken } from './api-tokens.ts';
export { hashPassword, setPasswordCostForTest, verifyPassword } from './crypto.ts';
export { acceptInvitation, inviteUser, loadInvitation } from './invitations.ts';
export { identityManifest } from './manifest.ts';
export { changeMemberDepartment, listMembers, removeMember } from './members.ts';
export { createProvider, setProviderEnabled } from './oidc.ts';
// Sign-in providers whose sealed client secret this server cannot open (after a restore elsewhere).
export { providersNeedingSecret } from './oidc-secrets.ts';
export { createSession, sessionMiddleware } from './sessions.ts';
export { issueToken } from './tokens.ts';
export { createUser, findUserByEmail, getUser, normaliseEmail, type User } from './users.ts';
