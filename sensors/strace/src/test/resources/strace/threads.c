#include <pthread.h>
#include <fcntl.h>
#include <unistd.h>
static void *run(void *arg) { for (int i = 0; i < 20; i++) { int fd = open("/etc/hostname", O_RDONLY); usleep(100); close(fd); } return 0; }
int main(void) { pthread_t t[3]; for (int i = 0; i < 3; i++) pthread_create(&t[i], 0, run, 0); for (int i = 0; i < 3; i++) pthread_join(t[i], 0); return 0; }
