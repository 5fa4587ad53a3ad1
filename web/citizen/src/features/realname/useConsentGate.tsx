// Asks for the purpose's separate consent when it is not in force yet; resolves true once it is.
import { useRef, useState, type ReactNode } from 'react';
import { ConsentSheet } from './ConsentSheet.tsx';
import { hasConsent, type RealnamePurpose } from './store.ts';

export function useConsentGate(): [ReactNode, (purpose: RealnamePurpose, force?: boolean) => Promise<boolean>] {
  const [open, setOpen] = useState<RealnamePurpose | null>(null);
  const resolver = useRef<((v: boolean) => void) | null>(null);
  const ask = async (purpose: RealnamePurpose, force = false) => {
    if (!force && (await hasConsent(purpose).catch(() => false))) return true;
    return new Promise<boolean>((resolve) => {
      resolver.current = resolve;
      setOpen(purpose);
    });
  };
  const sheet = (
    <ConsentSheet
      purpose={open}
      onDone={(granted) => {
        setOpen(null);
        resolver.current?.(granted);
        resolver.current = null;
      }}
    />
  );
  return [sheet, ask];
}
