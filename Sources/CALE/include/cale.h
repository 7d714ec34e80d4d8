#ifndef CALE_H
#define CALE_H
#endif
