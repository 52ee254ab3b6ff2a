// Never ends: the runner's timeout must stop it and report TIMEOUT with status 124.
#include "platform.h"

int main(int, char**) {
  cmnn::platform::print("spinning forever\n");
  for (volatile unsigned i = 0;; i = i + 1) {
  }
}
