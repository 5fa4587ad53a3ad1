// The signed-in staff member as the console sees it. Staff accounts arrive with the staff module; until then nobody is
// signed in and the shell shows the sign-in page.
export interface StaffSession {
  staffId: string;
  displayName: string;
  permissions: string[];
}

export function useStaffSession(): { session: StaffSession | null; loading: boolean; refresh(): void; signOut(): Promise<void> } {
  return { session: null, loading: false, refresh() {}, async signOut() {} };
}
