/**
 * The UID/GID range of the library, shared by the constructs (which refuse an ID below MIN_ID unless waived) and the
 * `container-high-ids` rule (which reports one), so both draw the line at the same ID.
 */

/** The lowest UID/GID accepted without `Waiver.lowIds`: below it, IDs tend to collide with users and groups of the node. */
export const MIN_ID = 10000;

/** The highest UID/GID the API server accepts (`validation.IsValidUserID` / `IsValidGroupID`: 0 to 2^31-1). */
export const MAX_ID = 2 ** 31 - 1;
