// Entry point of every unit-test program. Options: --filter=TEXT (run tests whose "Suite.Name"
// contains TEXT), --shared=DIR (the shared data folder); other arguments are left to the tests.
#include "test.h"

int main(int argc, char** argv) { return cmnn::test::run_all(argc, argv); }
