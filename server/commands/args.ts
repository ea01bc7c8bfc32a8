// Argument helpers shared by the command families.

/**
 * An option keyword as Redis compares it (strcasecmp on a C string): case-insensitively, and only up
 * to a NUL byte, so "nx\0junk" is NX.
 */
export function option(arg: string): string {
  const nul = arg.indexOf('\0');
  return (nul < 0 ? arg : arg.slice(0, nul)).toLowerCase();
}
