// Force-included into every layer but the command line's: only
// urlcheck_cli and urlcheck_app may see CLI11 (namespace CLI).
#pragma GCC poison CLI
