#include "cale.h"
