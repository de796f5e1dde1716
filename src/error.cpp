#include "sezu/error.hpp"
// The hierarchy is header-only; this translation unit keeps the vtables in one place.
