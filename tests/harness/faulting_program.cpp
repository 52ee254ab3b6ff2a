// Executes a permanently undefined instruction: the fault handler must report and exit 120.
#include "platform.h"

int main(int, char**) {
  cmnn::platform::print("about to fault\n");
  __asm__ volatile("udf #0");
  return 0;
}
