// The caller's Sensei role, as admin-api decided it (GET /auth/me → sensei_role). The dashboard only hides what a
// role may not do; the API refuses it anyway (403), so while the role is unknown (loading, or /me failed) nothing is
// hidden rather than hiding an admin's controls.
import { useQuery } from '@tanstack/react-query';
import { authApi } from '../api/endpoints';
import type { SenseiRole } from '../api/types';

export interface RoleState {
  /** admin, viewer, or null for a signed-in user without a role; undefined while unknown */
  role: SenseiRole | null | undefined;
  /** the role is known and it is admin, or it is not known yet */
  canWrite: boolean;
  isViewer: boolean;
  hasNoRole: boolean;
  /** /auth/me has not answered yet */
  pending: boolean;
}

export function roleState(role: SenseiRole | null | undefined, pending = false): RoleState {
  return {
    pending,
    role,
    canWrite: role === undefined || role === 'admin',
    isViewer: role === 'viewer',
    hasNoRole: role === null,
  };
}

export function useRole(): RoleState {
  const me = useQuery({ queryKey: ['me'], queryFn: authApi.me, staleTime: 60_000, retry: false });
  const role = me.data
    ? me.data.sensei_role === 'admin' || me.data.sensei_role === 'viewer'
      ? me.data.sensei_role
      : null
    : undefined;
  return roleState(role, me.isPending);
}
