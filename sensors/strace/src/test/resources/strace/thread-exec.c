#include <pthread.h>
#include <unistd.h>
static void *run(void *a) { execl("/bin/cat", "cat", "/etc/shadow", (char*)0); return 0; }
int main(void) { pthread_t t; pthread_create(&t, 0, run, 0); pthread_join(t, 0); return 0; }
