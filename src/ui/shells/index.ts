export { Document, type HeadLink } from './Document.tsx';
export { type LangLink, PublicShell, type PublicShellProps } from './PublicShell.tsx';
export { type StaffNavLink, StaffShell, type StaffShellProps } from './StaffShell.tsx';
