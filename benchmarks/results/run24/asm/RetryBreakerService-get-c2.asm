
/tmp/code.bin:     file format binary


Disassembly of section .data:

00007f40a0f815a0 <.data>:
    7f40a0f815a0:	44 8b 56 08          	mov    0x8(%rsi),%r10d
    7f40a0f815a4:	49 bb 00 00 00 2f 40 	movabs $0x7f402f000000,%r11
    7f40a0f815ab:	7f 00 00
    7f40a0f815ae:	4d 03 d3             	add    %r11,%r10
    7f40a0f815b1:	49 3b c2             	cmp    %r10,%rax
        >> ;   {runtime_call ic_miss_stub}
    7f40a0f815b4:	0f 85 c6 7b a0 ff    	jne    0x7f40a0989180
    7f40a0f815ba:	66 90                	xchg   %ax,%ax
    7f40a0f815bc:	0f 1f 40 00          	nopl   0x0(%rax)
    7f40a0f815c0:	89 84 24 00 c0 fe ff 	mov    %eax,-0x14000(%rsp)
    7f40a0f815c7:	55                   	push   %rbp
    7f40a0f815c8:	48 83 ec 60          	sub    $0x60,%rsp
    7f40a0f815cc:	48 89 74 24 08       	mov    %rsi,0x8(%rsp)
    7f40a0f815d1:	89 54 24 10          	mov    %edx,0x10(%rsp)
    7f40a0f815d5:	49 ba 08 9f 0e 9d 06 	movabs $0x69d0e9f08,%r10
    7f40a0f815dc:	00 00 00
    7f40a0f815df:	45 8b 5a 70          	mov    0x70(%r10),%r11d
    7f40a0f815e3:	4d 8b 97 88 02 00 00 	mov    0x288(%r15),%r10
    7f40a0f815ea:	4d 8b 12             	mov    (%r10),%r10
    7f40a0f815ed:	47 8b 44 dc 0c       	mov    0xc(%r12,%r11,8),%r8d
    7f40a0f815f2:	45 85 c0             	test   %r8d,%r8d
    7f40a0f815f5:	0f 86 71 03 00 00    	jbe    0x7f40a0f8196c
    7f40a0f815fb:	47 8b 74 dc 10       	mov    0x10(%r12,%r11,8),%r14d
    7f40a0f81600:	45 8b 42 44          	mov    0x44(%r10),%r8d
    7f40a0f81604:	83 e2 0f             	and    $0xf,%edx
    7f40a0f81607:	45 85 c0             	test   %r8d,%r8d
    7f40a0f8160a:	0f 84 47 02 00 00    	je     0x7f40a0f81857
    7f40a0f81610:	47 8b 4c c4 14       	mov    0x14(%r12,%r8,8),%r9d
    7f40a0f81615:	47 8b 54 cc 0c       	mov    0xc(%r12,%r9,8),%r10d
    7f40a0f8161a:	45 8b da             	mov    %r10d,%r11d
    7f40a0f8161d:	41 ff cb             	dec    %r11d
    7f40a0f81620:	41 81 e3 9b d1 2e f7 	and    $0xf72ed19b,%r11d
    7f40a0f81627:	45 85 d2             	test   %r10d,%r10d
    7f40a0f8162a:	0f 86 c4 03 00 00    	jbe    0x7f40a0f819f4
    7f40a0f81630:	4f 8d 14 cc          	lea    (%r12,%r9,8),%r10
    7f40a0f81634:	47 8b 54 9a 10       	mov    0x10(%r10,%r11,4),%r10d
    7f40a0f81639:	43 8b 4c d4 0c       	mov    0xc(%r12,%r10,8),%ecx
    7f40a0f8163e:	81 f9 c6 c2 a1 d3    	cmp    $0xd3a1c2c6,%ecx
    7f40a0f81644:	0f 85 d6 03 00 00    	jne    0x7f40a0f81a20
    7f40a0f8164a:	47 8b 54 d4 1c       	mov    0x1c(%r12,%r10,8),%r10d
    7f40a0f8164f:	49 c1 e2 03          	shl    $0x3,%r10
    7f40a0f81653:	45 8b 5a 08          	mov    0x8(%r10),%r11d
    7f40a0f81657:	41 81 fb 70 13 20 01 	cmp    $0x1201370,%r11d
    7f40a0f8165e:	0f 85 10 07 00 00    	jne    0x7f40a0f81d74
    7f40a0f81664:	41 8b 6a 0c          	mov    0xc(%r10),%ebp
    7f40a0f81668:	83 fd ff             	cmp    $0xffffffff,%ebp
    7f40a0f8166b:	0f 85 a7 04 00 00    	jne    0x7f40a0f81b18
    7f40a0f81671:	43 8b 44 f4 38       	mov    0x38(%r12,%r14,8),%eax
    7f40a0f81676:	45 8b 44 c4 10       	mov    0x10(%r12,%rax,8),%r8d
    7f40a0f8167b:	47 8b 5c c4 0c       	mov    0xc(%r12,%r8,8),%r11d
    7f40a0f81680:	41 8b 4a 1c          	mov    0x1c(%r10),%ecx
    7f40a0f81684:	ff c9                	dec    %ecx
    7f40a0f81686:	85 c9                	test   %ecx,%ecx
    7f40a0f81688:	0f 8d b2 04 00 00    	jge    0x7f40a0f81b40
    7f40a0f8168e:	41 0f b6 6c c4 0c    	movzbl 0xc(%r12,%rax,8),%ebp
    7f40a0f81694:	85 ed                	test   %ebp,%ebp
    7f40a0f81696:	0f 84 e0 04 00 00    	je     0x7f40a0f81b7c
    7f40a0f8169c:	4d 8b 5a 10          	mov    0x10(%r10),%r11
    7f40a0f816a0:	49 b9 ff ff ff ff ff 	movabs $0x7fffffffffffffff,%r9
    7f40a0f816a7:	ff ff 7f
    7f40a0f816aa:	4d 3b d9             	cmp    %r9,%r11
    7f40a0f816ad:	0f 85 ad 03 00 00    	jne    0x7f40a0f81a60
    7f40a0f816b3:	41 8b 6c c4 20       	mov    0x20(%r12,%rax,8),%ebp
        >> ; implicit exception: dispatches to 0x00007f40a0f82084
    7f40a0f816b8:	45 8b 4c ec 08       	mov    0x8(%r12,%rbp,8),%r9d
    7f40a0f816bd:	41 81 f9 78 26 1b 01 	cmp    $0x11b2678,%r9d
    7f40a0f816c4:	0f 85 be 02 00 00    	jne    0x7f40a0f81988
    7f40a0f816ca:	4d 8d 0c ec          	lea    (%r12,%rbp,8),%r9
    7f40a0f816ce:	41 8b 59 24          	mov    0x24(%r9),%ebx
    7f40a0f816d2:	41 0f b6 6c dc 0c    	movzbl 0xc(%r12,%rbx,8),%ebp
    7f40a0f816d8:	85 ed                	test   %ebp,%ebp
    7f40a0f816da:	0f 84 cc 04 00 00    	je     0x7f40a0f81bac
    7f40a0f816e0:	41 8b 4a 24          	mov    0x24(%r10),%ecx
    7f40a0f816e4:	4d 8d 1c dc          	lea    (%r12,%rbx,8),%r11
        >> ; implicit exception: dispatches to 0x00007f40a0f81e7c
    7f40a0f816e8:	41 8b 7c cc 0c       	mov    0xc(%r12,%rcx,8),%edi
    7f40a0f816ed:	47 8b 44 c4 0c       	mov    0xc(%r12,%r8,8),%r8d
    7f40a0f816f2:	41 8b 5a 1c          	mov    0x1c(%r10),%ebx
    7f40a0f816f6:	3b df                	cmp    %edi,%ebx
    7f40a0f816f8:	0f 8d e6 04 00 00    	jge    0x7f40a0f81be4
    7f40a0f816fe:	3b df                	cmp    %edi,%ebx
    7f40a0f81700:	0f 83 74 01 00 00    	jae    0x7f40a0f8187a
    7f40a0f81706:	48 c1 e1 03          	shl    $0x3,%rcx
    7f40a0f8170a:	8b 4c 99 10          	mov    0x10(%rcx,%rbx,4),%ecx
    7f40a0f8170e:	41 8b 7c cc 38       	mov    0x38(%r12,%rcx,8),%edi
    7f40a0f81713:	41 8b 6a 20          	mov    0x20(%r10),%ebp
    7f40a0f81717:	41 8b 74 ec 0c       	mov    0xc(%r12,%rbp,8),%esi
    7f40a0f8171c:	3b de                	cmp    %esi,%ebx
    7f40a0f8171e:	0f 83 94 01 00 00    	jae    0x7f40a0f818b8
    7f40a0f81724:	4d 8b 4a 10          	mov    0x10(%r10),%r9
    7f40a0f81728:	4d 89 4c cc 10       	mov    %r9,0x10(%r12,%rcx,8)
    7f40a0f8172d:	44 8b cb             	mov    %ebx,%r9d
    7f40a0f81730:	41 ff c1             	inc    %r9d
    7f40a0f81733:	45 89 4a 1c          	mov    %r9d,0x1c(%r10)
    7f40a0f81737:	4d 8d 0c ec          	lea    (%r12,%rbp,8),%r9
    7f40a0f8173b:	45 89 44 99 10       	mov    %r8d,0x10(%r9,%rbx,4)
    7f40a0f81740:	41 3b fe             	cmp    %r14d,%edi
    7f40a0f81743:	0f 85 d7 04 00 00    	jne    0x7f40a0f81c20
    7f40a0f81749:	45 8b 44 cc 3c       	mov    0x3c(%r12,%rcx,8),%r8d
    7f40a0f8174e:	44 3b c0             	cmp    %eax,%r8d
    7f40a0f81751:	0f 85 fd 04 00 00    	jne    0x7f40a0f81c54
    7f40a0f81757:	41 c6 44 cc 29 01    	movb   $0x1,0x29(%r12,%rcx,8)
    7f40a0f8175d:	45 8b 4c cc 48       	mov    0x48(%r12,%rcx,8),%r9d
    7f40a0f81762:	45 88 64 cc 0c       	mov    %r12b,0xc(%r12,%rcx,8)
    7f40a0f81767:	49 8b d9             	mov    %r9,%rbx
    7f40a0f8176a:	48 c1 e3 03          	shl    $0x3,%rbx
    7f40a0f8176e:	49 3b db             	cmp    %r11,%rbx
    7f40a0f81771:	0f 85 11 05 00 00    	jne    0x7f40a0f81c88
    7f40a0f81777:	49 ba 08 33 0b 9d 06 	movabs $0x69d0b3308,%r10
    7f40a0f8177e:	00 00 00
    7f40a0f81781:	45 8b 54 92 10       	mov    0x10(%r10,%rdx,4),%r10d
    7f40a0f81786:	45 8b 5c cc 2c       	mov    0x2c(%r12,%rcx,8),%r11d
    7f40a0f8178b:	43 8b 6c dc 1c       	mov    0x1c(%r12,%r11,8),%ebp
    7f40a0f81790:	85 ed                	test   %ebp,%ebp
    7f40a0f81792:	0f 8e 08 03 00 00    	jle    0x7f40a0f81aa0
    7f40a0f81798:	ff cd                	dec    %ebp
    7f40a0f8179a:	43 89 6c dc 1c       	mov    %ebp,0x1c(%r12,%r11,8)
    7f40a0f8179f:	47 8b 44 c4 20       	mov    0x20(%r12,%r8,8),%r8d
        >> ; implicit exception: dispatches to 0x00007f40a0f81f14
    7f40a0f817a4:	45 8b 5c fc 30       	mov    0x30(%r12,%rdi,8),%r11d
    7f40a0f817a9:	41 8b 7c cc 34       	mov    0x34(%r12,%rcx,8),%edi
    7f40a0f817ae:	45 85 c9             	test   %r9d,%r9d
    7f40a0f817b1:	0f 84 01 05 00 00    	je     0x7f40a0f81cb8
    7f40a0f817b7:	43 8b 54 c4 08       	mov    0x8(%r12,%r8,8),%edx
        >> ;   {metadata('dev/resilience/agent/core/ConsecutiveBreaker')}
    7f40a0f817bc:	81 fa 78 26 1b 01    	cmp    $0x11b2678,%edx
    7f40a0f817c2:	0f 85 f0 01 00 00    	jne    0x7f40a0f819b8
    7f40a0f817c8:	49 c1 e0 03          	shl    $0x3,%r8
    7f40a0f817cc:	41 8b 68 24          	mov    0x24(%r8),%ebp
    7f40a0f817d0:	41 3b e9             	cmp    %r9d,%ebp
    7f40a0f817d3:	0f 85 fb 02 00 00    	jne    0x7f40a0f81ad4
    7f40a0f817d9:	45 8b 4c ec 08       	mov    0x8(%r12,%rbp,8),%r9d
    7f40a0f817de:	41 81 f9 90 35 1b 01 	cmp    $0x11b3590,%r9d
    7f40a0f817e5:	0f 85 ad 05 00 00    	jne    0x7f40a0f81d98
    7f40a0f817eb:	4d 8d 0c ec          	lea    (%r12,%rbp,8),%r9
    7f40a0f817ef:	41 8b 69 24          	mov    0x24(%r9),%ebp
    7f40a0f817f3:	85 ed                	test   %ebp,%ebp
    7f40a0f817f5:	0f 85 f9 04 00 00    	jne    0x7f40a0f81cf4
    7f40a0f817fb:	47 8b 44 dc 10       	mov    0x10(%r12,%r11,8),%r8d
        >> ; implicit exception: dispatches to 0x00007f40a0f81fc8
    7f40a0f81800:	43 8b 5c c4 0c       	mov    0xc(%r12,%r8,8),%ebx
    7f40a0f81805:	45 8b 44 fc 14       	mov    0x14(%r12,%rdi,8),%r8d
    7f40a0f8180a:	47 8b 4c c4 0c       	mov    0xc(%r12,%r8,8),%r9d
    7f40a0f8180f:	41 3b d9             	cmp    %r9d,%ebx
    7f40a0f81812:	0f 8d 20 05 00 00    	jge    0x7f40a0f81d38
    7f40a0f81818:	41 3b d9             	cmp    %r9d,%ebx
    7f40a0f8181b:	0f 83 d7 00 00 00    	jae    0x7f40a0f818f8
    7f40a0f81821:	4f 8d 1c c4          	lea    (%r12,%r8,8),%r11
    7f40a0f81825:	bd 01 00 00 00       	mov    $0x1,%ebp
    7f40a0f8182a:	49 03 6c db 10       	add    0x10(%r11,%rbx,8),%rbp
    7f40a0f8182f:	41 3b d9             	cmp    %r9d,%ebx
    7f40a0f81832:	0f 83 f8 00 00 00    	jae    0x7f40a0f81930
    7f40a0f81838:	49 89 6c db 10       	mov    %rbp,0x10(%r11,%rbx,8)
    7f40a0f8183d:	49 8b c2             	mov    %r10,%rax
    7f40a0f81840:	48 c1 e0 03          	shl    $0x3,%rax
    7f40a0f81844:	48 83 c4 60          	add    $0x60,%rsp
        >> ;   {poll_return}
    7f40a0f81848:	5d                   	pop    %rbp
    7f40a0f81849:	49 3b a7 40 03 00 00 	cmp    0x340(%r15),%rsp
    7f40a0f81850:	0f 87 36 09 00 00    	ja     0x7f40a0f8218c
    7f40a0f81856:	c3                   	ret
    7f40a0f81857:	89 14 24             	mov    %edx,(%rsp)
    7f40a0f8185a:	41 8b ee             	mov    %r14d,%ebp
    7f40a0f8185d:	48 be 30 16 0e 9d 06 	movabs $0x69d0e1630,%rsi
        >> ;   {optimized virtual_call}
    7f40a0f81864:	00 00 00
    7f40a0f81867:	e8 14 7e a0 ff       	call   0x7f40a0989680
    7f40a0f8186c:	44 8b f5             	mov    %ebp,%r14d
    7f40a0f8186f:	8b 14 24             	mov    (%rsp),%edx
    7f40a0f81872:	4c 8b d0             	mov    %rax,%r10
    7f40a0f81875:	e9 d9 fd ff ff       	jmp    0x7f40a0f81653
    7f40a0f8187a:	be e4 ff ff ff       	mov    $0xffffffe4,%esi
    7f40a0f8187f:	8b 6c 24 10          	mov    0x10(%rsp),%ebp
    7f40a0f81883:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f81888:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f8188c:	44 89 74 24 0c       	mov    %r14d,0xc(%rsp)
    7f40a0f81891:	89 44 24 18          	mov    %eax,0x18(%rsp)
    7f40a0f81895:	4c 89 4c 24 20       	mov    %r9,0x20(%rsp)
    7f40a0f8189a:	4c 89 5c 24 28       	mov    %r11,0x28(%rsp)
    7f40a0f8189f:	4c 89 54 24 30       	mov    %r10,0x30(%rsp)
    7f40a0f818a4:	44 89 44 24 1c       	mov    %r8d,0x1c(%rsp)
    7f40a0f818a9:	89 4c 24 38          	mov    %ecx,0x38(%rsp)
    7f40a0f818ad:	89 5c 24 3c          	mov    %ebx,0x3c(%rsp)
    7f40a0f818b1:	66 90                	xchg   %ax,%ax
    7f40a0f818b3:	e8 c8 01 a1 ff       	call   0x7f40a0991a80
    7f40a0f818b8:	be e4 ff ff ff       	mov    $0xffffffe4,%esi
    7f40a0f818bd:	48 89 44 24 f8       	mov    %rax,-0x8(%rsp)
    7f40a0f818c2:	8b 44 24 10          	mov    0x10(%rsp),%eax
    7f40a0f818c6:	89 04 24             	mov    %eax,(%rsp)
    7f40a0f818c9:	48 8b 44 24 f8       	mov    -0x8(%rsp),%rax
    7f40a0f818ce:	44 89 74 24 10       	mov    %r14d,0x10(%rsp)
    7f40a0f818d3:	89 44 24 14          	mov    %eax,0x14(%rsp)
    7f40a0f818d7:	4c 89 4c 24 20       	mov    %r9,0x20(%rsp)
    7f40a0f818dc:	4c 89 5c 24 28       	mov    %r11,0x28(%rsp)
    7f40a0f818e1:	4c 89 54 24 30       	mov    %r10,0x30(%rsp)
    7f40a0f818e6:	89 4c 24 38          	mov    %ecx,0x38(%rsp)
    7f40a0f818ea:	89 5c 24 3c          	mov    %ebx,0x3c(%rsp)
    7f40a0f818ee:	44 89 44 24 40       	mov    %r8d,0x40(%rsp)
    7f40a0f818f3:	e8 88 01 a1 ff       	call   0x7f40a0991a80
    7f40a0f818f8:	be e4 ff ff ff       	mov    $0xffffffe4,%esi
    7f40a0f818fd:	48 8b 6c 24 08       	mov    0x8(%rsp),%rbp
    7f40a0f81902:	48 89 44 24 f8       	mov    %rax,-0x8(%rsp)
    7f40a0f81907:	8b 44 24 10          	mov    0x10(%rsp),%eax
    7f40a0f8190b:	89 04 24             	mov    %eax,(%rsp)
    7f40a0f8190e:	48 8b 44 24 f8       	mov    -0x8(%rsp),%rax
    7f40a0f81913:	44 89 54 24 08       	mov    %r10d,0x8(%rsp)
    7f40a0f81918:	89 4c 24 0c          	mov    %ecx,0xc(%rsp)
    7f40a0f8191c:	44 89 44 24 18       	mov    %r8d,0x18(%rsp)
    7f40a0f81921:	89 5c 24 1c          	mov    %ebx,0x1c(%rsp)
    7f40a0f81925:	44 89 4c 24 20       	mov    %r9d,0x20(%rsp)
    7f40a0f8192a:	90                   	nop
    7f40a0f8192b:	e8 50 01 a1 ff       	call   0x7f40a0991a80
    7f40a0f81930:	be e4 ff ff ff       	mov    $0xffffffe4,%esi
    7f40a0f81935:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f8193a:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f8193e:	48 89 44 24 f8       	mov    %rax,-0x8(%rsp)
    7f40a0f81943:	8b 44 24 10          	mov    0x10(%rsp),%eax
    7f40a0f81947:	89 44 24 08          	mov    %eax,0x8(%rsp)
    7f40a0f8194b:	48 8b 44 24 f8       	mov    -0x8(%rsp),%rax
    7f40a0f81950:	44 89 54 24 10       	mov    %r10d,0x10(%rsp)
    7f40a0f81955:	89 4c 24 14          	mov    %ecx,0x14(%rsp)
    7f40a0f81959:	44 89 44 24 18       	mov    %r8d,0x18(%rsp)
    7f40a0f8195e:	89 5c 24 1c          	mov    %ebx,0x1c(%rsp)
    7f40a0f81962:	44 89 4c 24 20       	mov    %r9d,0x20(%rsp)
    7f40a0f81967:	e8 14 01 a1 ff       	call   0x7f40a0991a80
    7f40a0f8196c:	be e4 ff ff ff       	mov    $0xffffffe4,%esi
    7f40a0f81971:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f81976:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f8197a:	89 54 24 08          	mov    %edx,0x8(%rsp)
    7f40a0f8197e:	44 89 5c 24 0c       	mov    %r11d,0xc(%rsp)
    7f40a0f81983:	e8 f8 00 a1 ff       	call   0x7f40a0991a80
    7f40a0f81988:	be de ff ff ff       	mov    $0xffffffde,%esi
    7f40a0f8198d:	48 89 44 24 f8       	mov    %rax,-0x8(%rsp)
    7f40a0f81992:	8b 44 24 10          	mov    0x10(%rsp),%eax
    7f40a0f81996:	89 04 24             	mov    %eax,(%rsp)
    7f40a0f81999:	48 8b 44 24 f8       	mov    -0x8(%rsp),%rax
    7f40a0f8199e:	44 89 74 24 10       	mov    %r14d,0x10(%rsp)
    7f40a0f819a3:	4c 89 54 24 18       	mov    %r10,0x18(%rsp)
    7f40a0f819a8:	89 44 24 14          	mov    %eax,0x14(%rsp)
    7f40a0f819ac:	44 89 44 24 20       	mov    %r8d,0x20(%rsp)
    7f40a0f819b1:	66 90                	xchg   %ax,%ax
    7f40a0f819b3:	e8 c8 00 a1 ff       	call   0x7f40a0991a80
    7f40a0f819b8:	be de ff ff ff       	mov    $0xffffffde,%esi
    7f40a0f819bd:	48 8b 6c 24 08       	mov    0x8(%rsp),%rbp
    7f40a0f819c2:	48 89 44 24 f8       	mov    %rax,-0x8(%rsp)
    7f40a0f819c7:	8b 44 24 10          	mov    0x10(%rsp),%eax
    7f40a0f819cb:	89 04 24             	mov    %eax,(%rsp)
    7f40a0f819ce:	48 8b 44 24 f8       	mov    -0x8(%rsp),%rax
    7f40a0f819d3:	44 89 54 24 08       	mov    %r10d,0x8(%rsp)
    7f40a0f819d8:	89 4c 24 0c          	mov    %ecx,0xc(%rsp)
    7f40a0f819dc:	44 89 5c 24 10       	mov    %r11d,0x10(%rsp)
    7f40a0f819e1:	89 7c 24 14          	mov    %edi,0x14(%rsp)
    7f40a0f819e5:	44 89 44 24 18       	mov    %r8d,0x18(%rsp)
    7f40a0f819ea:	44 89 4c 24 1c       	mov    %r9d,0x1c(%rsp)
    7f40a0f819ef:	e8 8c 00 a1 ff       	call   0x7f40a0991a80
    7f40a0f819f4:	be e4 ff ff ff       	mov    $0xffffffe4,%esi
    7f40a0f819f9:	8b 6c 24 10          	mov    0x10(%rsp),%ebp
    7f40a0f819fd:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f81a02:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f81a06:	44 89 74 24 0c       	mov    %r14d,0xc(%rsp)
    7f40a0f81a0b:	44 89 44 24 10       	mov    %r8d,0x10(%rsp)
    7f40a0f81a10:	44 89 4c 24 18       	mov    %r9d,0x18(%rsp)
    7f40a0f81a15:	44 89 5c 24 1c       	mov    %r11d,0x1c(%rsp)
    7f40a0f81a1a:	90                   	nop
    7f40a0f81a1b:	e8 60 00 a1 ff       	call   0x7f40a0991a80
    7f40a0f81a20:	be 45 ff ff ff       	mov    $0xffffff45,%esi
    7f40a0f81a25:	bd 01 00 00 00       	mov    $0x1,%ebp
    7f40a0f81a2a:	33 db                	xor    %ebx,%ebx
        >> ;   {oop(a 'dev/resilience/agent/instrument/ThreadContext$PerThread'{0x000000069d0e1630})}
    7f40a0f81a2c:	81 f9 c6 c2 a1 d3    	cmp    $0xd3a1c2c6,%ecx
    7f40a0f81a32:	0f 45 eb             	cmovne %ebx,%ebp
    7f40a0f81a35:	48 89 44 24 f8       	mov    %rax,-0x8(%rsp)
    7f40a0f81a3a:	8b 44 24 10          	mov    0x10(%rsp),%eax
    7f40a0f81a3e:	89 04 24             	mov    %eax,(%rsp)
    7f40a0f81a41:	48 8b 44 24 f8       	mov    -0x8(%rsp),%rax
    7f40a0f81a46:	44 89 74 24 10       	mov    %r14d,0x10(%rsp)
    7f40a0f81a4b:	44 89 44 24 14       	mov    %r8d,0x14(%rsp)
    7f40a0f81a50:	44 89 5c 24 18       	mov    %r11d,0x18(%rsp)
    7f40a0f81a55:	44 89 54 24 1c       	mov    %r10d,0x1c(%rsp)
    7f40a0f81a5a:	90                   	nop
    7f40a0f81a5b:	e8 20 00 a1 ff       	call   0x7f40a0991a80
    7f40a0f81a60:	4d 3b d9             	cmp    %r9,%r11
    7f40a0f81a63:	bd ff ff ff ff       	mov    $0xffffffff,%ebp
    7f40a0f81a68:	7c 08                	jl     0x7f40a0f81a72
    7f40a0f81a6a:	40 0f 95 c5          	setne  %bpl
    7f40a0f81a6e:	40 0f b6 ed          	movzbl %bpl,%ebp
    7f40a0f81a72:	be 45 ff ff ff       	mov    $0xffffff45,%esi
    7f40a0f81a77:	48 89 44 24 f8       	mov    %rax,-0x8(%rsp)
    7f40a0f81a7c:	8b 44 24 10          	mov    0x10(%rsp),%eax
    7f40a0f81a80:	89 04 24             	mov    %eax,(%rsp)
    7f40a0f81a83:	48 8b 44 24 f8       	mov    -0x8(%rsp),%rax
    7f40a0f81a88:	44 89 74 24 10       	mov    %r14d,0x10(%rsp)
    7f40a0f81a8d:	4c 89 54 24 18       	mov    %r10,0x18(%rsp)
    7f40a0f81a92:	89 44 24 14          	mov    %eax,0x14(%rsp)
    7f40a0f81a96:	44 89 44 24 20       	mov    %r8d,0x20(%rsp)
    7f40a0f81a9b:	e8 e0 ff a0 ff       	call   0x7f40a0991a80
    7f40a0f81aa0:	be 45 ff ff ff       	mov    $0xffffff45,%esi
    7f40a0f81aa5:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f81aaa:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f81aae:	48 89 44 24 f8       	mov    %rax,-0x8(%rsp)
    7f40a0f81ab3:	8b 44 24 10          	mov    0x10(%rsp),%eax
    7f40a0f81ab7:	89 44 24 08          	mov    %eax,0x8(%rsp)
    7f40a0f81abb:	48 8b 44 24 f8       	mov    -0x8(%rsp),%rax
    7f40a0f81ac0:	44 89 54 24 10       	mov    %r10d,0x10(%rsp)
    7f40a0f81ac5:	89 4c 24 14          	mov    %ecx,0x14(%rsp)
    7f40a0f81ac9:	44 89 5c 24 18       	mov    %r11d,0x18(%rsp)
    7f40a0f81ace:	90                   	nop
    7f40a0f81acf:	e8 ac ff a0 ff       	call   0x7f40a0991a80
    7f40a0f81ad4:	be 45 ff ff ff       	mov    $0xffffff45,%esi
    7f40a0f81ad9:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f81ade:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f81ae2:	48 89 44 24 f8       	mov    %rax,-0x8(%rsp)
    7f40a0f81ae7:	8b 44 24 10          	mov    0x10(%rsp),%eax
    7f40a0f81aeb:	89 44 24 08          	mov    %eax,0x8(%rsp)
    7f40a0f81aef:	48 8b 44 24 f8       	mov    -0x8(%rsp),%rax
    7f40a0f81af4:	44 89 54 24 10       	mov    %r10d,0x10(%rsp)
    7f40a0f81af9:	89 4c 24 14          	mov    %ecx,0x14(%rsp)
    7f40a0f81afd:	44 89 5c 24 18       	mov    %r11d,0x18(%rsp)
    7f40a0f81b02:	89 7c 24 1c          	mov    %edi,0x1c(%rsp)
    7f40a0f81b06:	4c 89 44 24 20       	mov    %r8,0x20(%rsp)
    7f40a0f81b0b:	44 89 4c 24 2c       	mov    %r9d,0x2c(%rsp)
        >> ;   {runtime_call UncommonTrapBlob}
    7f40a0f81b10:	66 66 90             	data16 xchg %ax,%ax
    7f40a0f81b13:	e8 68 ff a0 ff       	call   0x7f40a0991a80
    7f40a0f81b18:	be 45 ff ff ff       	mov    $0xffffff45,%esi
    7f40a0f81b1d:	48 89 44 24 f8       	mov    %rax,-0x8(%rsp)
    7f40a0f81b22:	8b 44 24 10          	mov    0x10(%rsp),%eax
    7f40a0f81b26:	89 04 24             	mov    %eax,(%rsp)
    7f40a0f81b29:	48 8b 44 24 f8       	mov    -0x8(%rsp),%rax
    7f40a0f81b2e:	44 89 74 24 10       	mov    %r14d,0x10(%rsp)
    7f40a0f81b33:	4c 89 54 24 18       	mov    %r10,0x18(%rsp)
        >> ;   {runtime_call UncommonTrapBlob}
    7f40a0f81b38:	66 66 90             	data16 xchg %ax,%ax
    7f40a0f81b3b:	e8 40 ff a0 ff       	call   0x7f40a0991a80
    7f40a0f81b40:	41 8b 6a 20          	mov    0x20(%r10),%ebp
    7f40a0f81b44:	be 45 ff ff ff       	mov    $0xffffff45,%esi
    7f40a0f81b49:	48 89 44 24 f8       	mov    %rax,-0x8(%rsp)
    7f40a0f81b4e:	8b 44 24 10          	mov    0x10(%rsp),%eax
    7f40a0f81b52:	89 04 24             	mov    %eax,(%rsp)
    7f40a0f81b55:	48 8b 44 24 f8       	mov    -0x8(%rsp),%rax
    7f40a0f81b5a:	44 89 74 24 10       	mov    %r14d,0x10(%rsp)
    7f40a0f81b5f:	4c 89 54 24 18       	mov    %r10,0x18(%rsp)
    7f40a0f81b64:	89 44 24 14          	mov    %eax,0x14(%rsp)
    7f40a0f81b68:	44 89 44 24 20       	mov    %r8d,0x20(%rsp)
    7f40a0f81b6d:	44 89 5c 24 24       	mov    %r11d,0x24(%rsp)
    7f40a0f81b72:	89 4c 24 2c          	mov    %ecx,0x2c(%rsp)
    7f40a0f81b76:	90                   	nop
    7f40a0f81b77:	e8 04 ff a0 ff       	call   0x7f40a0991a80
    7f40a0f81b7c:	be 45 ff ff ff       	mov    $0xffffff45,%esi
    7f40a0f81b81:	48 89 44 24 f8       	mov    %rax,-0x8(%rsp)
    7f40a0f81b86:	8b 44 24 10          	mov    0x10(%rsp),%eax
    7f40a0f81b8a:	89 04 24             	mov    %eax,(%rsp)
    7f40a0f81b8d:	48 8b 44 24 f8       	mov    -0x8(%rsp),%rax
    7f40a0f81b92:	44 89 74 24 10       	mov    %r14d,0x10(%rsp)
    7f40a0f81b97:	4c 89 54 24 18       	mov    %r10,0x18(%rsp)
    7f40a0f81b9c:	89 44 24 14          	mov    %eax,0x14(%rsp)
    7f40a0f81ba0:	44 89 44 24 20       	mov    %r8d,0x20(%rsp)
    7f40a0f81ba5:	66 90                	xchg   %ax,%ax
    7f40a0f81ba7:	e8 d4 fe a0 ff       	call   0x7f40a0991a80
    7f40a0f81bac:	be 45 ff ff ff       	mov    $0xffffff45,%esi
    7f40a0f81bb1:	48 89 44 24 f8       	mov    %rax,-0x8(%rsp)
    7f40a0f81bb6:	8b 44 24 10          	mov    0x10(%rsp),%eax
    7f40a0f81bba:	89 04 24             	mov    %eax,(%rsp)
    7f40a0f81bbd:	48 8b 44 24 f8       	mov    -0x8(%rsp),%rax
    7f40a0f81bc2:	44 89 74 24 10       	mov    %r14d,0x10(%rsp)
    7f40a0f81bc7:	4c 89 54 24 18       	mov    %r10,0x18(%rsp)
    7f40a0f81bcc:	89 44 24 14          	mov    %eax,0x14(%rsp)
    7f40a0f81bd0:	44 89 44 24 20       	mov    %r8d,0x20(%rsp)
    7f40a0f81bd5:	4c 89 4c 24 30       	mov    %r9,0x30(%rsp)
    7f40a0f81bda:	89 5c 24 24          	mov    %ebx,0x24(%rsp)
    7f40a0f81bde:	90                   	nop
    7f40a0f81bdf:	e8 9c fe a0 ff       	call   0x7f40a0991a80
    7f40a0f81be4:	be 45 ff ff ff       	mov    $0xffffff45,%esi
    7f40a0f81be9:	8b 6c 24 10          	mov    0x10(%rsp),%ebp
    7f40a0f81bed:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f81bf2:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f81bf6:	44 89 74 24 0c       	mov    %r14d,0xc(%rsp)
    7f40a0f81bfb:	89 44 24 18          	mov    %eax,0x18(%rsp)
    7f40a0f81bff:	4c 89 4c 24 20       	mov    %r9,0x20(%rsp)
    7f40a0f81c04:	4c 89 5c 24 28       	mov    %r11,0x28(%rsp)
    7f40a0f81c09:	4c 89 54 24 30       	mov    %r10,0x30(%rsp)
    7f40a0f81c0e:	44 89 44 24 1c       	mov    %r8d,0x1c(%rsp)
    7f40a0f81c13:	89 5c 24 38          	mov    %ebx,0x38(%rsp)
    7f40a0f81c17:	89 7c 24 3c          	mov    %edi,0x3c(%rsp)
    7f40a0f81c1b:	e8 60 fe a0 ff       	call   0x7f40a0991a80
    7f40a0f81c20:	be 45 ff ff ff       	mov    $0xffffff45,%esi
    7f40a0f81c25:	8b 6c 24 10          	mov    0x10(%rsp),%ebp
    7f40a0f81c29:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f81c2e:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f81c32:	4c 89 54 24 10       	mov    %r10,0x10(%rsp)
    7f40a0f81c37:	89 4c 24 18          	mov    %ecx,0x18(%rsp)
    7f40a0f81c3b:	89 44 24 1c          	mov    %eax,0x1c(%rsp)
    7f40a0f81c3f:	4c 89 5c 24 20       	mov    %r11,0x20(%rsp)
    7f40a0f81c44:	89 7c 24 28          	mov    %edi,0x28(%rsp)
    7f40a0f81c48:	44 89 74 24 2c       	mov    %r14d,0x2c(%rsp)
    7f40a0f81c4d:	66 90                	xchg   %ax,%ax
    7f40a0f81c4f:	e8 2c fe a0 ff       	call   0x7f40a0991a80
    7f40a0f81c54:	be 45 ff ff ff       	mov    $0xffffff45,%esi
    7f40a0f81c59:	8b 6c 24 10          	mov    0x10(%rsp),%ebp
    7f40a0f81c5d:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f81c62:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f81c66:	44 89 74 24 0c       	mov    %r14d,0xc(%rsp)
    7f40a0f81c6b:	4c 89 54 24 10       	mov    %r10,0x10(%rsp)
    7f40a0f81c70:	89 4c 24 18          	mov    %ecx,0x18(%rsp)
    7f40a0f81c74:	4c 89 5c 24 20       	mov    %r11,0x20(%rsp)
    7f40a0f81c79:	44 89 44 24 28       	mov    %r8d,0x28(%rsp)
    7f40a0f81c7e:	89 44 24 2c          	mov    %eax,0x2c(%rsp)
    7f40a0f81c82:	90                   	nop
    7f40a0f81c83:	e8 f8 fd a0 ff       	call   0x7f40a0991a80
    7f40a0f81c88:	be 45 ff ff ff       	mov    $0xffffff45,%esi
    7f40a0f81c8d:	8b 6c 24 10          	mov    0x10(%rsp),%ebp
    7f40a0f81c91:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f81c96:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f81c9a:	44 89 74 24 0c       	mov    %r14d,0xc(%rsp)
    7f40a0f81c9f:	4c 89 54 24 10       	mov    %r10,0x10(%rsp)
    7f40a0f81ca4:	89 4c 24 18          	mov    %ecx,0x18(%rsp)
    7f40a0f81ca8:	44 89 4c 24 1c       	mov    %r9d,0x1c(%rsp)
    7f40a0f81cad:	4c 89 5c 24 28       	mov    %r11,0x28(%rsp)
    7f40a0f81cb2:	90                   	nop
    7f40a0f81cb3:	e8 c8 fd a0 ff       	call   0x7f40a0991a80
    7f40a0f81cb8:	be 45 ff ff ff       	mov    $0xffffff45,%esi
    7f40a0f81cbd:	48 8b 6c 24 08       	mov    0x8(%rsp),%rbp
    7f40a0f81cc2:	48 89 44 24 f8       	mov    %rax,-0x8(%rsp)
    7f40a0f81cc7:	8b 44 24 10          	mov    0x10(%rsp),%eax
    7f40a0f81ccb:	89 04 24             	mov    %eax,(%rsp)
    7f40a0f81cce:	48 8b 44 24 f8       	mov    -0x8(%rsp),%rax
    7f40a0f81cd3:	44 89 54 24 08       	mov    %r10d,0x8(%rsp)
    7f40a0f81cd8:	89 4c 24 0c          	mov    %ecx,0xc(%rsp)
    7f40a0f81cdc:	44 89 44 24 10       	mov    %r8d,0x10(%rsp)
    7f40a0f81ce1:	44 89 5c 24 18       	mov    %r11d,0x18(%rsp)
    7f40a0f81ce6:	89 7c 24 1c          	mov    %edi,0x1c(%rsp)
    7f40a0f81cea:	44 89 4c 24 20       	mov    %r9d,0x20(%rsp)
    7f40a0f81cef:	e8 8c fd a0 ff       	call   0x7f40a0991a80
    7f40a0f81cf4:	be 45 ff ff ff       	mov    $0xffffff45,%esi
    7f40a0f81cf9:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f81cfe:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f81d02:	48 89 44 24 f8       	mov    %rax,-0x8(%rsp)
    7f40a0f81d07:	8b 44 24 10          	mov    0x10(%rsp),%eax
    7f40a0f81d0b:	89 44 24 08          	mov    %eax,0x8(%rsp)
    7f40a0f81d0f:	48 8b 44 24 f8       	mov    -0x8(%rsp),%rax
    7f40a0f81d14:	44 89 54 24 10       	mov    %r10d,0x10(%rsp)
    7f40a0f81d19:	89 4c 24 14          	mov    %ecx,0x14(%rsp)
    7f40a0f81d1d:	44 89 5c 24 18       	mov    %r11d,0x18(%rsp)
    7f40a0f81d22:	89 7c 24 1c          	mov    %edi,0x1c(%rsp)
    7f40a0f81d26:	4c 89 44 24 20       	mov    %r8,0x20(%rsp)
    7f40a0f81d2b:	4c 89 4c 24 30       	mov    %r9,0x30(%rsp)
        >> ;   {runtime_call UncommonTrapBlob}
    7f40a0f81d30:	66 66 90             	data16 xchg %ax,%ax
    7f40a0f81d33:	e8 48 fd a0 ff       	call   0x7f40a0991a80
    7f40a0f81d38:	be 45 ff ff ff       	mov    $0xffffff45,%esi
    7f40a0f81d3d:	48 8b 6c 24 08       	mov    0x8(%rsp),%rbp
    7f40a0f81d42:	48 89 44 24 f8       	mov    %rax,-0x8(%rsp)
    7f40a0f81d47:	8b 44 24 10          	mov    0x10(%rsp),%eax
    7f40a0f81d4b:	89 04 24             	mov    %eax,(%rsp)
    7f40a0f81d4e:	48 8b 44 24 f8       	mov    -0x8(%rsp),%rax
    7f40a0f81d53:	44 89 54 24 08       	mov    %r10d,0x8(%rsp)
    7f40a0f81d58:	89 4c 24 0c          	mov    %ecx,0xc(%rsp)
    7f40a0f81d5c:	89 7c 24 10          	mov    %edi,0x10(%rsp)
    7f40a0f81d60:	44 89 44 24 18       	mov    %r8d,0x18(%rsp)
    7f40a0f81d65:	89 5c 24 1c          	mov    %ebx,0x1c(%rsp)
    7f40a0f81d69:	44 89 4c 24 20       	mov    %r9d,0x20(%rsp)
    7f40a0f81d6e:	90                   	nop
    7f40a0f81d6f:	e8 0c fd a0 ff       	call   0x7f40a0991a80
    7f40a0f81d74:	be de ff ff ff       	mov    $0xffffffde,%esi
    7f40a0f81d79:	8b 6c 24 10          	mov    0x10(%rsp),%ebp
    7f40a0f81d7d:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f81d82:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f81d86:	44 89 74 24 0c       	mov    %r14d,0xc(%rsp)
    7f40a0f81d8b:	4c 89 54 24 10       	mov    %r10,0x10(%rsp)
        >> ;   {runtime_call UncommonTrapBlob}
    7f40a0f81d90:	66 66 90             	data16 xchg %ax,%ax
    7f40a0f81d93:	e8 e8 fc a0 ff       	call   0x7f40a0991a80
    7f40a0f81d98:	be de ff ff ff       	mov    $0xffffffde,%esi
    7f40a0f81d9d:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f81da2:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f81da6:	48 89 44 24 f8       	mov    %rax,-0x8(%rsp)
    7f40a0f81dab:	8b 44 24 10          	mov    0x10(%rsp),%eax
    7f40a0f81daf:	89 44 24 08          	mov    %eax,0x8(%rsp)
    7f40a0f81db3:	48 8b 44 24 f8       	mov    -0x8(%rsp),%rax
    7f40a0f81db8:	44 89 54 24 10       	mov    %r10d,0x10(%rsp)
    7f40a0f81dbd:	89 4c 24 14          	mov    %ecx,0x14(%rsp)
    7f40a0f81dc1:	44 89 5c 24 18       	mov    %r11d,0x18(%rsp)
    7f40a0f81dc6:	89 7c 24 1c          	mov    %edi,0x1c(%rsp)
    7f40a0f81dca:	4c 89 44 24 20       	mov    %r8,0x20(%rsp)
    7f40a0f81dcf:	e8 ac fc a0 ff       	call   0x7f40a0991a80
    7f40a0f81dd4:	be f6 ff ff ff       	mov    $0xfffffff6,%esi
    7f40a0f81dd9:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f81dde:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f81de2:	89 54 24 08          	mov    %edx,0x8(%rsp)
    7f40a0f81de6:	90                   	nop
    7f40a0f81de7:	e8 94 fc a0 ff       	call   0x7f40a0991a80
    7f40a0f81dec:	be f4 ff ff ff       	mov    $0xfffffff4,%esi
    7f40a0f81df1:	8b 6c 24 10          	mov    0x10(%rsp),%ebp
    7f40a0f81df5:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f81dfa:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f81dfe:	44 89 74 24 0c       	mov    %r14d,0xc(%rsp)
    7f40a0f81e03:	e8 78 fc a0 ff       	call   0x7f40a0991a80
    7f40a0f81e08:	be f6 ff ff ff       	mov    $0xfffffff6,%esi
    7f40a0f81e0d:	8b 6c 24 10          	mov    0x10(%rsp),%ebp
    7f40a0f81e11:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f81e16:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f81e1a:	4c 89 54 24 10       	mov    %r10,0x10(%rsp)
    7f40a0f81e1f:	e8 5c fc a0 ff       	call   0x7f40a0991a80
    7f40a0f81e24:	be f6 ff ff ff       	mov    $0xfffffff6,%esi
    7f40a0f81e29:	8b 6c 24 10          	mov    0x10(%rsp),%ebp
    7f40a0f81e2d:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f81e32:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f81e36:	44 89 74 24 0c       	mov    %r14d,0xc(%rsp)
    7f40a0f81e3b:	89 44 24 18          	mov    %eax,0x18(%rsp)
    7f40a0f81e3f:	4c 89 54 24 20       	mov    %r10,0x20(%rsp)
        >> ;   {runtime_call UncommonTrapBlob}
    7f40a0f81e44:	66 66 90             	data16 xchg %ax,%ax
    7f40a0f81e47:	e8 34 fc a0 ff       	call   0x7f40a0991a80
    7f40a0f81e4c:	be f6 ff ff ff       	mov    $0xfffffff6,%esi
    7f40a0f81e51:	8b 6c 24 10          	mov    0x10(%rsp),%ebp
    7f40a0f81e55:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f81e5a:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f81e5e:	44 89 74 24 0c       	mov    %r14d,0xc(%rsp)
    7f40a0f81e63:	4c 89 54 24 10       	mov    %r10,0x10(%rsp)
    7f40a0f81e68:	89 44 24 18          	mov    %eax,0x18(%rsp)
    7f40a0f81e6c:	44 89 44 24 1c       	mov    %r8d,0x1c(%rsp)
    7f40a0f81e71:	4c 89 4c 24 20       	mov    %r9,0x20(%rsp)
    7f40a0f81e76:	90                   	nop
    7f40a0f81e77:	e8 04 fc a0 ff       	call   0x7f40a0991a80
    7f40a0f81e7c:	be f6 ff ff ff       	mov    $0xfffffff6,%esi
    7f40a0f81e81:	8b 6c 24 10          	mov    0x10(%rsp),%ebp
    7f40a0f81e85:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f81e8a:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f81e8e:	44 89 74 24 0c       	mov    %r14d,0xc(%rsp)
    7f40a0f81e93:	4c 89 54 24 10       	mov    %r10,0x10(%rsp)
    7f40a0f81e98:	89 44 24 18          	mov    %eax,0x18(%rsp)
    7f40a0f81e9c:	4c 89 4c 24 20       	mov    %r9,0x20(%rsp)
    7f40a0f81ea1:	4c 89 5c 24 28       	mov    %r11,0x28(%rsp)
    7f40a0f81ea6:	90                   	nop
    7f40a0f81ea7:	e8 d4 fb a0 ff       	call   0x7f40a0991a80
    7f40a0f81eac:	be f6 ff ff ff       	mov    $0xfffffff6,%esi
    7f40a0f81eb1:	8b 6c 24 10          	mov    0x10(%rsp),%ebp
    7f40a0f81eb5:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f81eba:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f81ebe:	44 89 74 24 0c       	mov    %r14d,0xc(%rsp)
    7f40a0f81ec3:	4c 89 54 24 10       	mov    %r10,0x10(%rsp)
    7f40a0f81ec8:	89 44 24 18          	mov    %eax,0x18(%rsp)
    7f40a0f81ecc:	4c 89 4c 24 20       	mov    %r9,0x20(%rsp)
    7f40a0f81ed1:	4c 89 5c 24 28       	mov    %r11,0x28(%rsp)
    7f40a0f81ed6:	89 5c 24 1c          	mov    %ebx,0x1c(%rsp)
    7f40a0f81eda:	44 89 44 24 30       	mov    %r8d,0x30(%rsp)
    7f40a0f81edf:	e8 9c fb a0 ff       	call   0x7f40a0991a80
    7f40a0f81ee4:	be f6 ff ff ff       	mov    $0xfffffff6,%esi
    7f40a0f81ee9:	48 8b 6c 24 08       	mov    0x8(%rsp),%rbp
    7f40a0f81eee:	44 89 54 24 08       	mov    %r10d,0x8(%rsp)
    7f40a0f81ef3:	89 4c 24 0c          	mov    %ecx,0xc(%rsp)
    7f40a0f81ef7:	e8 84 fb a0 ff       	call   0x7f40a0991a80
    7f40a0f81efc:	be f6 ff ff ff       	mov    $0xfffffff6,%esi
    7f40a0f81f01:	48 8b 6c 24 08       	mov    0x8(%rsp),%rbp
    7f40a0f81f06:	44 89 54 24 08       	mov    %r10d,0x8(%rsp)
    7f40a0f81f0b:	89 4c 24 0c          	mov    %ecx,0xc(%rsp)
    7f40a0f81f0f:	e8 6c fb a0 ff       	call   0x7f40a0991a80
    7f40a0f81f14:	be f6 ff ff ff       	mov    $0xfffffff6,%esi
    7f40a0f81f19:	48 8b 6c 24 08       	mov    0x8(%rsp),%rbp
    7f40a0f81f1e:	48 89 44 24 f8       	mov    %rax,-0x8(%rsp)
    7f40a0f81f23:	8b 44 24 10          	mov    0x10(%rsp),%eax
    7f40a0f81f27:	89 04 24             	mov    %eax,(%rsp)
    7f40a0f81f2a:	48 8b 44 24 f8       	mov    -0x8(%rsp),%rax
    7f40a0f81f2f:	44 89 54 24 08       	mov    %r10d,0x8(%rsp)
    7f40a0f81f34:	89 4c 24 0c          	mov    %ecx,0xc(%rsp)
    7f40a0f81f38:	44 89 44 24 10       	mov    %r8d,0x10(%rsp)
    7f40a0f81f3d:	44 89 4c 24 14       	mov    %r9d,0x14(%rsp)
    7f40a0f81f42:	90                   	nop
    7f40a0f81f43:	e8 38 fb a0 ff       	call   0x7f40a0991a80
    7f40a0f81f48:	be f6 ff ff ff       	mov    $0xfffffff6,%esi
    7f40a0f81f4d:	48 8b 6c 24 08       	mov    0x8(%rsp),%rbp
    7f40a0f81f52:	48 89 44 24 f8       	mov    %rax,-0x8(%rsp)
    7f40a0f81f57:	8b 44 24 10          	mov    0x10(%rsp),%eax
    7f40a0f81f5b:	89 04 24             	mov    %eax,(%rsp)
    7f40a0f81f5e:	48 8b 44 24 f8       	mov    -0x8(%rsp),%rax
    7f40a0f81f63:	44 89 54 24 08       	mov    %r10d,0x8(%rsp)
    7f40a0f81f68:	89 4c 24 0c          	mov    %ecx,0xc(%rsp)
    7f40a0f81f6c:	44 89 4c 24 10       	mov    %r9d,0x10(%rsp)
    7f40a0f81f71:	66 90                	xchg   %ax,%ax
    7f40a0f81f73:	e8 08 fb a0 ff       	call   0x7f40a0991a80
    7f40a0f81f78:	be f4 ff ff ff       	mov    $0xfffffff4,%esi
    7f40a0f81f7d:	48 8b 6c 24 08       	mov    0x8(%rsp),%rbp
    7f40a0f81f82:	48 89 44 24 f8       	mov    %rax,-0x8(%rsp)
    7f40a0f81f87:	8b 44 24 10          	mov    0x10(%rsp),%eax
    7f40a0f81f8b:	89 04 24             	mov    %eax,(%rsp)
    7f40a0f81f8e:	48 8b 44 24 f8       	mov    -0x8(%rsp),%rax
    7f40a0f81f93:	44 89 54 24 08       	mov    %r10d,0x8(%rsp)
    7f40a0f81f98:	89 4c 24 0c          	mov    %ecx,0xc(%rsp)
    7f40a0f81f9c:	44 89 5c 24 10       	mov    %r11d,0x10(%rsp)
    7f40a0f81fa1:	89 7c 24 14          	mov    %edi,0x14(%rsp)
    7f40a0f81fa5:	4c 89 44 24 18       	mov    %r8,0x18(%rsp)
    7f40a0f81faa:	90                   	nop
    7f40a0f81fab:	e8 d0 fa a0 ff       	call   0x7f40a0991a80
    7f40a0f81fb0:	be f6 ff ff ff       	mov    $0xfffffff6,%esi
    7f40a0f81fb5:	48 8b 6c 24 08       	mov    0x8(%rsp),%rbp
    7f40a0f81fba:	44 89 54 24 08       	mov    %r10d,0x8(%rsp)
    7f40a0f81fbf:	89 4c 24 0c          	mov    %ecx,0xc(%rsp)
    7f40a0f81fc3:	e8 b8 fa a0 ff       	call   0x7f40a0991a80
    7f40a0f81fc8:	be f6 ff ff ff       	mov    $0xfffffff6,%esi
    7f40a0f81fcd:	48 8b 6c 24 08       	mov    0x8(%rsp),%rbp
    7f40a0f81fd2:	48 89 44 24 f8       	mov    %rax,-0x8(%rsp)
    7f40a0f81fd7:	8b 44 24 10          	mov    0x10(%rsp),%eax
    7f40a0f81fdb:	89 04 24             	mov    %eax,(%rsp)
    7f40a0f81fde:	48 8b 44 24 f8       	mov    -0x8(%rsp),%rax
    7f40a0f81fe3:	44 89 54 24 08       	mov    %r10d,0x8(%rsp)
    7f40a0f81fe8:	89 4c 24 0c          	mov    %ecx,0xc(%rsp)
    7f40a0f81fec:	89 7c 24 10          	mov    %edi,0x10(%rsp)
        >> ;   {runtime_call UncommonTrapBlob}
    7f40a0f81ff0:	66 66 90             	data16 xchg %ax,%ax
    7f40a0f81ff3:	e8 88 fa a0 ff       	call   0x7f40a0991a80
    7f40a0f81ff8:	be f6 ff ff ff       	mov    $0xfffffff6,%esi
    7f40a0f81ffd:	48 8b 6c 24 08       	mov    0x8(%rsp),%rbp
    7f40a0f82002:	48 89 44 24 f8       	mov    %rax,-0x8(%rsp)
    7f40a0f82007:	8b 44 24 10          	mov    0x10(%rsp),%eax
    7f40a0f8200b:	89 04 24             	mov    %eax,(%rsp)
    7f40a0f8200e:	48 8b 44 24 f8       	mov    -0x8(%rsp),%rax
    7f40a0f82013:	44 89 54 24 08       	mov    %r10d,0x8(%rsp)
    7f40a0f82018:	89 4c 24 0c          	mov    %ecx,0xc(%rsp)
    7f40a0f8201c:	89 5c 24 10          	mov    %ebx,0x10(%rsp)
        >> ;   {runtime_call UncommonTrapBlob}
    7f40a0f82020:	66 66 90             	data16 xchg %ax,%ax
    7f40a0f82023:	e8 58 fa a0 ff       	call   0x7f40a0991a80
    7f40a0f82028:	be f6 ff ff ff       	mov    $0xfffffff6,%esi
    7f40a0f8202d:	48 8b 6c 24 08       	mov    0x8(%rsp),%rbp
    7f40a0f82032:	44 89 54 24 08       	mov    %r10d,0x8(%rsp)
    7f40a0f82037:	89 4c 24 0c          	mov    %ecx,0xc(%rsp)
    7f40a0f8203b:	e8 40 fa a0 ff       	call   0x7f40a0991a80
    7f40a0f82040:	be f6 ff ff ff       	mov    $0xfffffff6,%esi
    7f40a0f82045:	8b 6c 24 10          	mov    0x10(%rsp),%ebp
    7f40a0f82049:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f8204e:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f82052:	44 89 74 24 0c       	mov    %r14d,0xc(%rsp)
    7f40a0f82057:	e8 24 fa a0 ff       	call   0x7f40a0991a80
    7f40a0f8205c:	be 45 ff ff ff       	mov    $0xffffff45,%esi
    7f40a0f82061:	8b 6c 24 10          	mov    0x10(%rsp),%ebp
    7f40a0f82065:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f8206a:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f8206e:	44 89 74 24 0c       	mov    %r14d,0xc(%rsp)
    7f40a0f82073:	4c 89 54 24 10       	mov    %r10,0x10(%rsp)
    7f40a0f82078:	89 44 24 1c          	mov    %eax,0x1c(%rsp)
        >> ;   {runtime_call UncommonTrapBlob}
    7f40a0f8207c:	66 66 90             	data16 xchg %ax,%ax
    7f40a0f8207f:	e8 fc f9 a0 ff       	call   0x7f40a0991a80
    7f40a0f82084:	be 45 ff ff ff       	mov    $0xffffff45,%esi
    7f40a0f82089:	48 89 44 24 f8       	mov    %rax,-0x8(%rsp)
    7f40a0f8208e:	8b 44 24 10          	mov    0x10(%rsp),%eax
    7f40a0f82092:	89 04 24             	mov    %eax,(%rsp)
    7f40a0f82095:	48 8b 44 24 f8       	mov    -0x8(%rsp),%rax
    7f40a0f8209a:	44 89 74 24 10       	mov    %r14d,0x10(%rsp)
    7f40a0f8209f:	4c 89 54 24 18       	mov    %r10,0x18(%rsp)
    7f40a0f820a4:	89 44 24 14          	mov    %eax,0x14(%rsp)
    7f40a0f820a8:	44 89 44 24 20       	mov    %r8d,0x20(%rsp)
    7f40a0f820ad:	66 90                	xchg   %ax,%ax
    7f40a0f820af:	e8 cc f9 a0 ff       	call   0x7f40a0991a80
    7f40a0f820b4:	be 45 ff ff ff       	mov    $0xffffff45,%esi
    7f40a0f820b9:	8b 6c 24 10          	mov    0x10(%rsp),%ebp
    7f40a0f820bd:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f820c2:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f820c6:	44 89 74 24 0c       	mov    %r14d,0xc(%rsp)
    7f40a0f820cb:	89 44 24 18          	mov    %eax,0x18(%rsp)
    7f40a0f820cf:	4c 89 4c 24 20       	mov    %r9,0x20(%rsp)
    7f40a0f820d4:	4c 89 5c 24 28       	mov    %r11,0x28(%rsp)
    7f40a0f820d9:	4c 89 54 24 30       	mov    %r10,0x30(%rsp)
    7f40a0f820de:	44 89 44 24 1c       	mov    %r8d,0x1c(%rsp)
    7f40a0f820e3:	89 4c 24 3c          	mov    %ecx,0x3c(%rsp)
    7f40a0f820e7:	e8 94 f9 a0 ff       	call   0x7f40a0991a80
    7f40a0f820ec:	be 45 ff ff ff       	mov    $0xffffff45,%esi
    7f40a0f820f1:	8b 6c 24 10          	mov    0x10(%rsp),%ebp
    7f40a0f820f5:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f820fa:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f820fe:	44 89 74 24 0c       	mov    %r14d,0xc(%rsp)
    7f40a0f82103:	44 89 44 24 10       	mov    %r8d,0x10(%rsp)
    7f40a0f82108:	44 89 5c 24 14       	mov    %r11d,0x14(%rsp)
    7f40a0f8210d:	44 89 54 24 1c       	mov    %r10d,0x1c(%rsp)
    7f40a0f82112:	90                   	nop
    7f40a0f82113:	e8 68 f9 a0 ff       	call   0x7f40a0991a80
    7f40a0f82118:	48 89 44 24 18       	mov    %rax,0x18(%rsp)
    7f40a0f8211d:	33 f6                	xor    %esi,%esi
    7f40a0f8211f:	33 d2                	xor    %edx,%edx
    7f40a0f82121:	66 90                	xchg   %ax,%ax
    7f40a0f82123:	e8 58 7f a0 ff       	call   0x7f40a098a080
    7f40a0f82128:	44 8b dd             	mov    %ebp,%r11d
    7f40a0f8212b:	45 85 db             	test   %r11d,%r11d
    7f40a0f8212e:	75 18                	jne    0x7f40a0f82148
    7f40a0f82130:	be 45 ff ff ff       	mov    $0xffffff45,%esi
    7f40a0f82135:	8b 6c 24 10          	mov    0x10(%rsp),%ebp
    7f40a0f82139:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f8213e:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f82142:	90                   	nop
    7f40a0f82143:	e8 38 f9 a0 ff       	call   0x7f40a0991a80
    7f40a0f82148:	be 74 00 00 00       	mov    $0x74,%esi
    7f40a0f8214d:	8b 6c 24 10          	mov    0x10(%rsp),%ebp
    7f40a0f82151:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f82156:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f8215a:	44 89 5c 24 0c       	mov    %r11d,0xc(%rsp)
    7f40a0f8215f:	e8 1c f9 a0 ff       	call   0x7f40a0991a80
        >> ;   {oop(a 'java/lang/String'[16] {0x000000069d0b3308})}
    7f40a0f82164:	49 ba 08 33 0b 9d 06 	movabs $0x69d0b3308,%r10
    7f40a0f8216b:	00 00 00
    7f40a0f8216e:	44 8b 1c 24          	mov    (%rsp),%r11d
    7f40a0f82172:	43 8b 6c 9a 10       	mov    0x10(%r10,%r11,4),%ebp
    7f40a0f82177:	be 45 ff ff ff       	mov    $0xffffff45,%esi
    7f40a0f8217c:	48 ff 74 24 08       	rex.W push 0x8(%rsp)
    7f40a0f82181:	48 8f 04 24          	rex.W pop (%rsp)
    7f40a0f82185:	66 90                	xchg   %ax,%ax
    7f40a0f82187:	e8 f4 f8 a0 ff       	call   0x7f40a0991a80
        >> ;   {internal_word}
    7f40a0f8218c:	49 ba 49 18 f8 a0 40 	movabs $0x7f40a0f81849,%r10
    7f40a0f82193:	7f 00 00
    7f40a0f82196:	4d 89 97 58 03 00 00 	mov    %r10,0x358(%r15)
    7f40a0f8219d:	e9 5e e7 a0 ff       	jmp    0x7f40a0990900
    7f40a0f821a2:	f4                   	hlt
    7f40a0f821a3:	f4                   	hlt
    7f40a0f821a4:	f4                   	hlt
    7f40a0f821a5:	f4                   	hlt
    7f40a0f821a6:	f4                   	hlt
    7f40a0f821a7:	f4                   	hlt
    7f40a0f821a8:	f4                   	hlt
    7f40a0f821a9:	f4                   	hlt
    7f40a0f821aa:	f4                   	hlt
    7f40a0f821ab:	f4                   	hlt
    7f40a0f821ac:	f4                   	hlt
    7f40a0f821ad:	f4                   	hlt
    7f40a0f821ae:	f4                   	hlt
    7f40a0f821af:	f4                   	hlt
    7f40a0f821b0:	f4                   	hlt
    7f40a0f821b1:	f4                   	hlt
    7f40a0f821b2:	f4                   	hlt
    7f40a0f821b3:	f4                   	hlt
    7f40a0f821b4:	f4                   	hlt
    7f40a0f821b5:	f4                   	hlt
    7f40a0f821b6:	f4                   	hlt
    7f40a0f821b7:	f4                   	hlt
    7f40a0f821b8:	f4                   	hlt
    7f40a0f821b9:	f4                   	hlt
    7f40a0f821ba:	f4                   	hlt
    7f40a0f821bb:	f4                   	hlt
    7f40a0f821bc:	f4                   	hlt
    7f40a0f821bd:	f4                   	hlt
    7f40a0f821be:	f4                   	hlt
    7f40a0f821bf:	f4                   	hlt
