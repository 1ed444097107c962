#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/un.h>
int main(void) {
  int fd = openat(AT_FDCWD, "/tmp/sx/work/a.txt", O_WRONLY|O_CREAT|O_TRUNC, 0644);
  write(fd, "hi", 2);
  int d = dup(fd); int d2 = dup2(fd, 10); int d3 = dup3(fd, 11, O_CLOEXEC);
  close(d); close(d2); close(d3); close(fd);
  fd = open("/tmp/sx/work/a.txt", O_RDONLY); close(fd);
  fd = creat("/tmp/sx/work/b.txt", 0600); close(fd);
  fd = openat(AT_FDCWD, "/nonexistent/x", O_RDONLY); 
  rename("/tmp/sx/work/b.txt", "/tmp/sx/work/c.txt");
  renameat(AT_FDCWD, "/tmp/sx/work/c.txt", AT_FDCWD, "/tmp/sx/work/d.txt");
  syscall(SYS_renameat2, AT_FDCWD, "/tmp/sx/work/d.txt", AT_FDCWD, "/tmp/sx/work/e.txt", 0);
  mkdir("/tmp/sx/work/dir", 0755); mkdirat(AT_FDCWD, "/tmp/sx/work/dir2", 0700);
  rmdir("/tmp/sx/work/dir2");
  symlink("/etc/passwd", "/tmp/sx/work/sl"); symlinkat("/etc/hosts", AT_FDCWD, "/tmp/sx/work/sl2");
  link("/tmp/sx/work/a.txt", "/tmp/sx/work/hl"); linkat(AT_FDCWD, "/tmp/sx/work/a.txt", AT_FDCWD, "/tmp/sx/work/hl2", 0);
  chmod("/tmp/sx/work/a.txt", 0755); fd = open("/tmp/sx/work/a.txt", O_RDWR|O_APPEND); fchmod(fd, 0600); 
  fchmodat(AT_FDCWD, "/tmp/sx/work/a.txt", 04755, 0); close(fd);
  unlink("/tmp/sx/work/sl"); unlinkat(AT_FDCWD, "/tmp/sx/work/dir", AT_REMOVEDIR);
  chdir("/tmp/sx/work"); fd = open(".", O_RDONLY|O_DIRECTORY); fchdir(fd); close(fd);
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {0}; a.sin_family = AF_INET; a.sin_port = htons(47001); a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int one = 1; setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  bind(s, (struct sockaddr*)&a, sizeof a); listen(s, 5);
  int c = socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP);
  connect(c, (struct sockaddr*)&a, sizeof a);
  int acc = accept(s, NULL, NULL);
  sendto(c, "ping", 4, 0, NULL, 0); char buf[16]; recvfrom(acc, buf, sizeof buf, 0, NULL, NULL);
  close(acc); close(c);
  c = socket(AF_INET, SOCK_STREAM, 0); connect(c, (struct sockaddr*)&a, sizeof a);
  struct sockaddr_in pa; socklen_t pl = sizeof pa; acc = accept4(s, (struct sockaddr*)&pa, &pl, SOCK_CLOEXEC); close(acc); close(c); close(s);
  int u = socket(AF_INET, SOCK_DGRAM, 0); struct sockaddr_in r = {0}; r.sin_family = AF_INET; r.sin_port = htons(53); r.sin_addr.s_addr = inet_addr("10.255.255.1");
  sendto(u, "x", 1, MSG_DONTWAIT, (struct sockaddr*)&r, sizeof r); close(u);
  int t = socket(AF_INET, SOCK_STREAM|SOCK_NONBLOCK, 0); struct sockaddr_in ext = r; ext.sin_port = htons(4444); connect(t, (struct sockaddr*)&ext, sizeof ext); close(t);
  int s6 = socket(AF_INET6, SOCK_DGRAM, 0); close(s6);
  int us = socket(AF_UNIX, SOCK_STREAM, 0); struct sockaddr_un ua = {0}; ua.sun_family = AF_UNIX; strcpy(ua.sun_path, "/tmp/sx/work/sock");
  bind(us, (struct sockaddr*)&ua, sizeof ua); close(us);
  int m = memfd_create("payload", MFD_CLOEXEC); close(m);
  setuid(0); setgid(0); setresuid(-1, 0, -1); setresgid(-1, -1, 0);
  ptrace(PTRACE_ATTACH, 999999, 0, 0);
  syscall(SYS_init_module, NULL, 0, ""); syscall(SYS_finit_module, -1, "", 0);
  syscall(SYS_openat2, AT_FDCWD, "/etc/hostname", NULL, 0);
  pid_t p = fork();
  if (p == 0) { execl("/bin/echo", "echo", "child \"quoted\"\n\ttab", (char*)0); _exit(127); }
  waitpid(p, NULL, 0);
  p = vfork(); if (p == 0) { execle("/bin/true", "true", (char*)0, (char*)0); _exit(1); } waitpid(p, NULL, 0);
  p = fork(); if (p == 0) { int dfd = open("/bin", O_RDONLY|O_DIRECTORY); syscall(SYS_execveat, dfd, "true", (char*[]){"true", NULL}, (char*[]){NULL}, 0); _exit(2); } waitpid(p, NULL, 0);
  p = fork(); if (p == 0) { pause(); _exit(0); } kill(p, 9); waitpid(p, NULL, 0);
  p = fork(); if (p == 0) { _exit(3); } waitpid(p, NULL, 0);
  return 0;
}
