#include "app.hpp"

int main(int argc, char** argv) { return urlcheck::run_app(argc, argv); }
